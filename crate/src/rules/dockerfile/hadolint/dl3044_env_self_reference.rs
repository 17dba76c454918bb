use crate::diagnostic::Diagnostic;
use crate::dockerfile::syntax::{Args, Keyword};
use crate::rules::dockerfile::{Checker, DockerfileRule};
use crate::rules::RuleMeta;
use std::collections::{HashMap, HashSet};

crate::declare_rule! {
    /// ## What it does
    /// Flags an `ENV` whose value refers to a variable that the same `ENV`
    /// defines (`ENV A=1 B=$A`), unless that variable was already defined
    /// by an earlier `ENV` or `ARG`. A pair referring to itself
    /// (`ENV PATH=/opt/bin:$PATH`) is fine.
    ///
    /// ## Why is this bad?
    /// All values of one `ENV` are expanded with the variables as they were
    /// *before* the instruction. In `ENV A=1 B=$A`, `B` is empty (or the
    /// old `A`), not `1`.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20
    /// ENV APP_HOME=/app APP_BIN=$APP_HOME/bin
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM alpine:3.20
    /// ENV APP_HOME=/app
    /// ENV APP_BIN=$APP_HOME/bin
    /// ```
    ///
    /// ## References
    /// - [hadolint DL3044](https://github.com/hadolint/hadolint/wiki/DL3044)
    /// - [Environment replacement](https://docs.docker.com/reference/dockerfile/#environment-replacement)
    pub struct EnvSelfReference {
        code: "DL3044",
        name: "env-self-reference",
        origin: Hadolint,
        target: Dockerfile,
        severity: Error,
        category: Correctness,
        summary: "Do not refer to an environment variable within the same `ENV` statement where it is defined",
        url: "https://github.com/hadolint/hadolint/wiki/DL3044",
    }
}

impl DockerfileRule for EnvSelfReference {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, checker: &Checker<'_>, out: &mut Vec<Diagnostic>) {
        // Names defined by earlier ENV and ARG instructions (hadolint keeps
        // one set for the whole file).
        let mut defined: HashSet<String> = HashSet::new();
        for (index, instruction) in checker.instructions() {
            match (&instruction.keyword, &instruction.args) {
                (Keyword::Arg, Args::Arg(decls)) => {
                    defined.extend(decls.iter().map(|d| d.name.text.clone()));
                }
                (Keyword::Env, Args::KeyValues(pairs)) => {
                    // How often each key is set by this ENV.
                    let mut keys: HashMap<&str, usize> = HashMap::new();
                    for pair in pairs {
                        *keys.entry(pair.key.text.as_str()).or_default() += 1;
                    }
                    let references = checker
                        .step(index)
                        .map(|(_, step)| step.references.as_slice())
                        .unwrap_or(&[]);
                    let mut reported = vec![false; pairs.len()];
                    for reference in references {
                        // Pairs are in text order: find the one holding the reference.
                        let at =
                            pairs.partition_point(|p| p.range.start() <= reference.range.start());
                        let Some(i) = at.checked_sub(1) else { continue };
                        let pair = &pairs[i];
                        let own = usize::from(pair.key.text == reference.name);
                        let set_by_another =
                            keys.get(reference.name.as_str()).is_some_and(|n| *n > own);
                        if reported[i]
                            || !pair.value.range.contains_range(reference.range)
                            || defined.contains(&reference.name)
                            || !set_by_another
                        {
                            continue;
                        }
                        reported[i] = true;
                        out.push(checker.diagnostic(
                            &Self::META,
                            reference.range,
                            "Do not refer to an environment variable within the same `ENV` statement where it is defined.",
                        ));
                    }
                    defined.extend(pairs.iter().map(|p| p.key.text.clone()));
                }
                _ => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::lint::test_support::{codes, findings};

    #[test]
    fn fires_on_references_to_new_variables_of_the_same_env() {
        let text = "FROM a\nENV A=1 B=$A\n";
        assert_eq!(findings(text, "DL3044")[0].range.slice(text), "$A");
        assert_eq!(codes("FROM a\nENV A=1 \\\n    B=${A}/x\n", "DL3044"), [3]);
        assert_eq!(codes("FROM a\nENV B=$A A=1\n", "DL3044"), [2]);
    }

    #[test]
    fn earlier_definitions_and_self_references_pass() {
        for text in [
            "FROM a\nENV PATH=/opt/bin:$PATH\n",
            "FROM a\nENV A=1\nENV B=$A\n",
            "FROM a\nENV A=0\nENV A=1 B=$A\n",
            "FROM a\nARG A\nENV A=1 B=$A\n",
            "FROM a\nENV A=1 B=$AB\n",
            "FROM a\nENV A=1 B='$A'\n",
            "FROM a\n# hadolint ignore=DL3044\nENV A=1 B=$A\n",
        ] {
            assert!(codes(text, "DL3044").is_empty(), "{text}");
        }
    }
}
