//! "Did you mean …?" suggestions for misspelt names.

/// Edit distance between two strings, in characters: insertions, deletions,
/// substitutions and transpositions of neighbours each cost 1 (the optimal
/// string alignment distance, so `FORM` is one edit from `FROM`). Bounded
/// inputs only: callers pass names, never whole files.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let width = b.len() + 1;
    let mut d = vec![0usize; (a.len() + 1) * width];
    for (i, cell) in d.iter_mut().step_by(width).enumerate() {
        *cell = i;
    }
    for (j, cell) in d.iter_mut().take(width).enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (d[(i - 1) * width + j] + 1)
                .min(d[i * width + j - 1] + 1)
                .min(d[(i - 1) * width + j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(d[(i - 2) * width + j - 2] + 1);
            }
            d[i * width + j] = v;
        }
    }
    d[a.len() * width + b.len()]
}

/// The candidate closest to `word`, if it is close enough to be a likely typo
/// (at most a third of the word's length, and at least one edit allowed).
pub fn closest<'a, I>(word: &str, candidates: I, case_sensitive: bool) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    if word.is_empty() || word.len() > 64 {
        return None;
    }
    let norm = |s: &str| {
        if case_sensitive {
            s.to_string()
        } else {
            s.to_ascii_lowercase()
        }
    };
    let word_n = norm(word);
    let max = (word.chars().count() / 3).max(1);
    let mut best: Option<(usize, &'a str)> = None;
    for candidate in candidates {
        if candidate.len() > 64 {
            continue;
        }
        let d = edit_distance(&word_n, &norm(candidate));
        if d == 0 {
            continue;
        }
        if d <= max && best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, candidate));
        }
    }
    best.map(|(_, c)| c)
}

/// `" (did you mean X?)"` or `""`.
pub fn did_you_mean<'a, I>(word: &str, candidates: I, case_sensitive: bool) -> String
where
    I: IntoIterator<Item = &'a str>,
{
    match closest(word, candidates, case_sensitive) {
        Some(c) => format!(" (did you mean {c}?)"),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances() {
        assert_eq!(edit_distance("FORM", "FROM"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }

    #[test]
    fn suggestions() {
        let names = ["FROM", "RUN", "COPY", "WORKDIR"];
        assert_eq!(closest("WRKDIR", names, true), Some("WORKDIR"));
        assert_eq!(
            closest("copy", names, false),
            None,
            "exact match is not a suggestion"
        );
        assert_eq!(closest("CPY", names, true), Some("COPY"));
        assert_eq!(closest("XYZZY", names, true), None);
        assert_eq!(closest("FORM", names, true), Some("FROM"));
        assert_eq!(did_you_mean("RUNN", names, true), " (did you mean RUN?)");
    }
}
