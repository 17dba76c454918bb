use super::*;

fn names(script: &Script) -> Vec<String> {
    script
        .commands
        .iter()
        .map(|c| c.name().unwrap_or("<none>").to_owned())
        .collect()
}

#[test]
fn explore() {
    for text in [
        "apt-get update && apt-get install -y curl",
        "echo \"$(cat /etc/os-release | grep ID)\" `uname -a`",
        "if [ -f x ]; then rm x; else touch y; fi; for i in 1 2; do echo $i; done",
        "case $x in a|b) echo a;; *) echo other;; esac",
        "cat <<EOF > /x\nhello $USER\nEOF\necho done",
        "sh -c 'apt-get update && apt-get install -y \"curl\"'",
        "apt-get install \\\n  # comment\n  curl \\\n  wget",
        "echo 'unterminated",
        "f() { echo hi; }; f",
        "[[ -f a && -f b ]] && echo yes",
        "X=1 Y=\"a b\" env Z=2 sudo -u root pip install x",
    ] {
        let s = parse(text);
        eprintln!("--- {text:?}\n{:?}\nproblems={:?}", names(&s), s.problems);
        for c in &s.commands {
            eprintln!(
                "  {:?} words={:?} ctx={:?} eff={:?}",
                c.range.slice(text),
                c.words
                    .iter()
                    .map(|w| (&w.value, w.range.slice(text)))
                    .collect::<Vec<_>>(),
                c.context,
                c.effective_command().name()
            );
        }
        eprintln!(
            "  vars={:?}",
            s.variables
                .iter()
                .map(|v| (&v.name, v.range.slice(text)))
                .collect::<Vec<_>>()
        );
    }
}
