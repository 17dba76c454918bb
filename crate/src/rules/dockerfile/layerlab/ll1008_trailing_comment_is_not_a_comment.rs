use crate::diagnostic::{Diagnostic, Fix, TextEdit};
use crate::dockerfile::syntax::{Instruction, Keyword};
use crate::rules::dockerfile::{Checker, DockerfileRule};
use crate::rules::RuleMeta;
use crate::text::TextRange;

crate::declare_rule! {
    /// ## What it does
    /// Flags a `#` after an instruction's arguments, as in
    /// `COPY . .  # copy the sources`. Only lines that *start* with `#` are
    /// comments in a Dockerfile; anywhere else `#` and the words after it are
    /// arguments. Checked for `COPY`, `ADD`, `ENV`, `ARG`, `LABEL`, `EXPOSE`,
    /// `WORKDIR`, `USER`, `VOLUME`, `STOPSIGNAL` and `FROM` (also inside
    /// `ONBUILD`). `RUN`, `CMD`, `ENTRYPOINT`, `SHELL` and `HEALTHCHECK` in
    /// shell form are left alone: the shell itself treats `#` as a comment
    /// there. JSON-form arguments followed by a comment are reported by
    /// LL1010.
    ///
    /// ## Why is this bad?
    /// The "comment" changes what the instruction does: `COPY . . # note`
    /// copies files named `.`, `#` and `note` into a directory called `note`
    /// (and fails when they do not exist), `WORKDIR /app # main` creates a
    /// directory named `/app # main`, `ENV MODE prod # default` sets `MODE`
    /// to `prod # default`, `EXPOSE 80 # http` fails to parse the port.
    ///
    /// ## Example
    /// ```dockerfile
    /// COPY . .  # This invalidates cache when ANY file changes
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// # This invalidates cache when ANY file changes
    /// COPY . .
    /// ```
    ///
    /// ## Fix
    /// Move the comment text to its own line above the instruction (offered
    /// as an automatic fix).
    ///
    /// ## References
    /// - [Dockerfile format: comments](https://docs.docker.com/reference/dockerfile/#format)
    pub struct TrailingCommentIsNotAComment {
        code: "LL1008",
        name: "trailing-comment-is-not-a-comment",
        origin: Layerlab,
        target: Dockerfile,
        severity: Error,
        category: Correctness,
        summary: "A # after an instruction is not a comment: it becomes part of the arguments",
        url: "https://docs.docker.com/reference/dockerfile/#format",
    }
}

/// Instructions whose arguments the builder reads itself (no shell).
fn checked(keyword: Keyword) -> bool {
    matches!(
        keyword,
        Keyword::Copy
            | Keyword::Add
            | Keyword::Env
            | Keyword::Arg
            | Keyword::Label
            | Keyword::Expose
            | Keyword::Workdir
            | Keyword::User
            | Keyword::Volume
            | Keyword::Stopsignal
            | Keyword::From
    )
}

/// Offset in `args` of a `#` that starts a word outside quotes, if any.
fn trailing_hash(args: &str, escape: char) -> Option<usize> {
    let mut quote: Option<char> = None;
    let mut previous_blank = false;
    let mut chars = args.char_indices();
    while let Some((offset, ch)) = chars.next() {
        match quote {
            Some(q) if ch == q => quote = None,
            Some('"') if ch == escape => {
                chars.next();
            }
            Some(_) => {}
            None if ch == escape => {
                chars.next();
            }
            None if ch == '"' || ch == '\'' => quote = Some(ch),
            None if ch == '#' && previous_blank => return Some(offset),
            None => {}
        }
        previous_blank = quote.is_none() && ch.is_whitespace();
    }
    None
}

impl DockerfileRule for TrailingCommentIsNotAComment {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, checker: &Checker<'_>, out: &mut Vec<Diagnostic>) {
        for (_, top, _) in checker.instructions_and_triggers() {
            let instruction = top;
            if !checked(instruction.keyword) {
                continue;
            }
            let args = instruction.args_text.text.as_str();
            if args.trim_start().starts_with('[') {
                continue;
            }
            let Some(hash) = trailing_hash(args, checker.file.escape) else {
                continue;
            };
            let comment = args[hash..].trim_end();
            let range = instruction.args_source_range(hash, hash + comment.len());
            let keyword = instruction.keyword.as_str();
            let mut diagnostic = checker.diagnostic(
                &Self::META,
                range,
                format!(
                    "`{comment}` is not a comment: only lines that start with `#` are, so {keyword} \
                     gets these words as arguments. Put the comment on its own line above"
                ),
            );
            if let Some(fix) = move_above(checker, instruction, hash, range) {
                diagnostic = diagnostic.with_fix(fix);
            }
            out.push(diagnostic);
        }
    }
}

/// The fix: delete the text from the blanks before `#` to the end of the
/// line, and insert it as a comment line above the instruction (above the
/// `ONBUILD` for a trigger). Only when the comment ends the instruction's
/// last line and something is left of the arguments.
fn move_above(
    checker: &Checker<'_>,
    instruction: &Instruction,
    hash: usize,
    range: TextRange,
) -> Option<Fix> {
    let text = checker.text;
    let slice = |start: usize, end: usize| text.get(start..end);
    let args = instruction.args_text.text.as_str();
    if args.get(..hash)?.trim().is_empty() {
        return None;
    }
    let comment = slice(range.start(), range.end())?;
    if !comment.starts_with('#') || comment.contains('\n') {
        return None;
    }
    // The comment must run to the end of its physical line, which must be
    // the instruction's last line (heredoc bodies come after it).
    let line_end = slice(range.end(), text.len())?
        .find('\n')
        .map_or(text.len(), |i| range.end() + i);
    if !slice(range.end(), line_end)?.trim().is_empty() {
        return None;
    }
    let owner = checker
        .instructions()
        .map(|(_, i)| i)
        .find(|i| i.range.contains_range(instruction.keyword_token.range))?;
    let owner_end = owner.line_range.end();
    if owner_end != line_end && !slice(owner_end.min(line_end), line_end)?.trim().is_empty() {
        return None;
    }
    let before = slice(0, range.start())?.trim_end_matches([' ', '\t']).len();
    let keyword_start = owner.keyword_token.range.start();
    let line_start = slice(0, keyword_start)?.rfind('\n').map_or(0, |i| i + 1);
    let indent = slice(line_start, keyword_start)?;
    if !indent.chars().all(|c| c == ' ' || c == '\t') {
        return None;
    }
    let newline = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let comment_text = comment[1..].trim();
    let mut edits = vec![TextEdit::delete(TextRange::new(before, range.end()))];
    if !comment_text.is_empty() {
        edits.push(TextEdit::insert(
            line_start,
            format!("{indent}# {comment_text}{newline}"),
        ));
    }
    Some(Fix::new("Move the comment to its own line above", edits))
}

#[cfg(test)]
mod tests {
    use super::super::testing::range_text;
    use super::trailing_hash;
    use crate::lint::test_support::{assert_fixed, codes, findings};

    const CODE: &str = "LL1008";

    #[test]
    fn finds_a_hash_that_starts_a_word() {
        assert_eq!(trailing_hash(". .  # note", '\\'), Some(5));
        assert_eq!(trailing_hash("a#b c", '\\'), None);
        assert_eq!(trailing_hash("A=\"x # y\"", '\\'), None);
        assert_eq!(trailing_hash("A='x # y' # z", '\\'), Some(10));
        assert_eq!(trailing_hash("a \\# b", '\\'), None);
        assert_eq!(trailing_hash("#a", '\\'), None);
    }

    #[test]
    fn fires_on_the_article_copy() {
        let text = "FROM python:3.11-slim\nWORKDIR /app\nCOPY . .  # This invalidates cache when ANY file changes\nRUN pip install -r requirements.txt\n";
        let found = findings(text, CODE);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].line, 3);
        assert_eq!(
            range_text(text, &found[0]),
            "# This invalidates cache when ANY file changes"
        );
        assert_fixed(
            text,
            CODE,
            "FROM python:3.11-slim\nWORKDIR /app\n# This invalidates cache when ANY file changes\nCOPY . .\nRUN pip install -r requirements.txt\n",
        );
    }

    #[test]
    fn other_instructions() {
        assert_eq!(codes("FROM a\nWORKDIR /app # main\n", CODE), [2]);
        assert_eq!(codes("FROM a\nENV MODE prod # default\n", CODE), [2]);
        assert_eq!(codes("FROM a\nEXPOSE 80 # http\n", CODE), [2]);
        assert_eq!(codes("FROM a # base\n", CODE), [1]);
        assert_eq!(codes("FROM a\nARG V=1 # version\n", CODE), [2]);
        assert_eq!(codes("FROM a\nONBUILD COPY . /app # sources\n", CODE), [2]);
        assert_fixed(
            "FROM a\n  USER app   # drop root\n",
            CODE,
            "FROM a\n  # drop root\n  USER app\n",
        );
        assert_fixed(
            "FROM a\nONBUILD COPY . /app # sources\n",
            CODE,
            "FROM a\n# sources\nONBUILD COPY . /app\n",
        );
    }

    #[test]
    fn shell_forms_quotes_and_json_are_fine() {
        assert!(codes("FROM a\nRUN make # build\n", CODE).is_empty());
        assert!(codes("FROM a\nCMD node server.js # start\n", CODE).is_empty());
        assert!(codes("FROM a\nHEALTHCHECK CMD curl -f x || exit 1 # ok\n", CODE).is_empty());
        assert!(codes("FROM a\nLABEL description=\"a # b\"\n", CODE).is_empty());
        assert!(codes("FROM a\nADD https://e.com/x.tgz#frag /x\n", CODE).is_empty());
        assert!(codes("FROM a\n# a real comment\nCOPY . .\n", CODE).is_empty());
        assert!(codes("FROM a\nCOPY [\"a\", \"b\"] # c\n", CODE).is_empty());
    }

    #[test]
    fn continuations_heredocs_and_arg_images() {
        let text = "FROM a\nCOPY a \\\n  b /dst/ # both\n";
        let found = findings(text, CODE);
        assert_eq!(range_text(text, &found[0]), "# both");
        assert_fixed(text, CODE, "FROM a\n# both\nCOPY a \\\n  b /dst/\n");
        let text = "FROM a\nCOPY <<EOF /app/x # note\nhello\nEOF\n";
        assert_fixed(
            text,
            CODE,
            "FROM a\n# note\nCOPY <<EOF /app/x\nhello\nEOF\n",
        );
        let text = "FROM a\r\nWORKDIR /app # main\r\n";
        assert_fixed(text, CODE, "FROM a\r\n# main\r\nWORKDIR /app\r\n");
        let text = "ARG BASE=alpine:3.24\nFROM ${BASE} # pinned\n";
        assert_eq!(codes(text, CODE), [2]);
    }

    #[test]
    fn a_pragma_silences_it() {
        assert!(codes("FROM a\n# hadolint ignore=LL1008\nCOPY . . # x\n", CODE).is_empty());
    }
}
