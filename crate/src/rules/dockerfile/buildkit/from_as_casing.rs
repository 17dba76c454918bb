use crate::diagnostic::{Diagnostic, Fix, TextEdit};
use crate::dockerfile::syntax::{Args, Keyword};
use crate::rules::dockerfile::{Checker, DockerfileRule};
use crate::rules::RuleMeta;

crate::declare_rule! {
    /// ## What it does
    /// Flags `FROM … AS name` where the `AS` keyword is not cased like
    /// `FROM`: `FROM node AS build` and `from node as build` pass,
    /// `FROM node as build` does not.
    ///
    /// A `FROM` keyword that is itself mixed-case (`From`) is left to
    /// `ConsistentInstructionCasing`, as BuildKit does.
    ///
    /// ## Why is this bad?
    /// Both spellings work, but mixing them makes the file harder to scan
    /// and to search, and it is usually a sign of copy-pasted snippets.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM golang:1.23 as build
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM golang:1.23 AS build
    /// ```
    ///
    /// ## Fix
    /// Re-cases `AS` to match `FROM`.
    ///
    /// ## References
    /// - [FromAsCasing](https://docs.docker.com/reference/build-checks/from-as-casing/)
    pub struct FromAsCasing {
        code: "FromAsCasing",
        name: "from-as-casing",
        origin: Buildkit,
        target: Dockerfile,
        severity: Warning,
        category: Style,
        summary: "The 'as' keyword should match the case of the 'from' keyword",
        url: "https://docs.docker.com/reference/build-checks/from-as-casing/",
    }
}

impl DockerfileRule for FromAsCasing {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, checker: &Checker<'_>, out: &mut Vec<Diagnostic>) {
        for (_, instruction) in checker.instructions() {
            if instruction.keyword != Keyword::From {
                continue;
            }
            let Args::From {
                as_keyword: Some(as_keyword),
                stage_name: Some(_),
                ..
            } = &instruction.args
            else {
                continue;
            };
            let from = instruction.keyword_token.text.as_str();
            let wanted = if from == from.to_lowercase() {
                as_keyword.text.to_lowercase()
            } else if from == from.to_uppercase() {
                as_keyword.text.to_uppercase()
            } else {
                continue;
            };
            if wanted == as_keyword.text {
                continue;
            }
            out.push(
                checker
                    .diagnostic(
                        &Self::META,
                        as_keyword.range,
                        format!(
                            "'{}' and '{from}' keywords' casing do not match",
                            as_keyword.text
                        ),
                    )
                    .with_fix(Fix::new(
                        format!("Write '{wanted}'"),
                        vec![TextEdit::replace(as_keyword.range, wanted)],
                    )),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::lint::test_support::{assert_fixed, codes, findings};

    const CODE: &str = "FromAsCasing";

    #[test]
    fn fires_when_as_differs_from_from() {
        let text = "FROM scratch AS BadStageName\nFROM scratch as base2\nFROM scratch AS base3\n";
        assert_eq!(codes(text, CODE), [2]);
        let found = findings("from scratch AS base\nfrom scratch as base2\n", CODE);
        assert_eq!(found.len(), 1);
        assert_eq!(
            found[0].message,
            "'AS' and 'from' keywords' casing do not match"
        );
        assert_eq!((found[0].column, found[0].end_column), (14, 16));
        assert_eq!(
            findings("FROM a As b\n", CODE)[0].message,
            "'As' and 'FROM' keywords' casing do not match"
        );
    }

    #[test]
    fn silent_when_from_itself_is_mixed_case_or_there_is_no_name() {
        assert!(codes("From scratch as base\nFROM scratch AS base2\n", CODE).is_empty());
        assert!(codes("FROM scratch\nfrom alpine\n", CODE).is_empty());
        assert!(codes("ARG BASE=node:20\nFROM ${BASE} AS deps\n", CODE).is_empty());
    }

    #[test]
    fn suppression() {
        assert!(codes("#check=skip=FromAsCasing\nFROM a as b\n", CODE).is_empty());
        assert!(codes("FROM x\n# check=skip=all\nFROM a as b\n", CODE).is_empty());
        assert_eq!(
            codes(
                "#check=skip=ConsistentInstructionCasing\nFROM a as b\n",
                CODE
            ),
            [2]
        );
    }

    #[test]
    fn fix_recases_as() {
        assert_fixed("FROM node:22 as build\n", CODE, "FROM node:22 AS build\n");
        assert_fixed("from node:22 AS build\n", CODE, "from node:22 as build\n");
    }
}
