//! Go's `path` package (slash-separated, lexical), which BuildKit and
//! patternmatcher use to normalise patterns, sources and destinations.
//!
//! Porting these exactly matters: `filepath.Clean` decides what a
//! `.dockerignore` line means (`/foo/bar/` ≡ `foo/bar`), and `path.Join`
//! decides where a COPY lands.

/// `path.Clean`: the shortest lexically equivalent path. Multiple slashes
/// become one, `.` elements go, `..` eats the previous element (and is
/// dropped at the root of an absolute path). The empty path becomes `.`.
pub fn clean(path: &str) -> String {
    if path.is_empty() {
        return ".".to_string();
    }
    let rooted = path.starts_with('/');
    let mut parts: Vec<&str> = Vec::new();
    for component in path.split('/') {
        match component {
            "" | "." => {}
            ".." => match parts.last() {
                Some(last) if *last != ".." => {
                    parts.pop();
                }
                _ if rooted => {}
                _ => parts.push(".."),
            },
            other => parts.push(other),
        }
    }
    let joined = parts.join("/");
    if rooted {
        format!("/{joined}")
    } else if joined.is_empty() {
        ".".to_string()
    } else {
        joined
    }
}

/// `path.Join`: joins the non-empty elements with `/` and cleans the result;
/// the empty string when every element is empty.
pub fn join(elements: &[&str]) -> String {
    let non_empty: Vec<&str> = elements.iter().copied().filter(|e| !e.is_empty()).collect();
    if non_empty.is_empty() {
        return String::new();
    }
    clean(&non_empty.join("/"))
}

/// `path.Dir`: everything but the last element, cleaned.
pub fn dir(path: &str) -> String {
    let head = match path.rfind('/') {
        Some(i) => &path[..=i],
        None => "",
    };
    clean(head)
}

/// `path.Base`: the last element, ignoring trailing slashes; `.` for the
/// empty path and `/` for a path of only slashes.
pub fn base(path: &str) -> String {
    if path.is_empty() {
        return ".".to_string();
    }
    let trimmed = path.trim_end_matches('/');
    if trimmed.is_empty() {
        return "/".to_string();
    }
    match trimmed.rfind('/') {
        Some(i) => trimmed[i + 1..].to_string(),
        None => trimmed.to_string(),
    }
}

/// A path relative to the build context: cleaned, without leading `/` or
/// `./`, and `""` for the context root itself. Paths that climb out of the
/// context (`..`) keep their `..` so callers can tell.
pub fn context_relative(path: &str) -> String {
    let cleaned = clean(&format!("/{path}"));
    let relative = cleaned.trim_start_matches('/');
    if path_escapes(path) {
        return clean(path);
    }
    relative.to_string()
}

/// Whether a relative path climbs above its starting point (`../x`).
pub fn path_escapes(path: &str) -> bool {
    if path.starts_with('/') {
        return false;
    }
    let cleaned = clean(path);
    cleaned == ".." || cleaned.starts_with("../")
}

/// Whether `path` is `ancestor` itself or lies below it (both relative,
/// clean; `""` is the root and contains everything).
pub fn is_within(path: &str, ancestor: &str) -> bool {
    ancestor.is_empty()
        || path == ancestor
        || (path.len() > ancestor.len()
            && path.starts_with(ancestor)
            && path.as_bytes()[ancestor.len()] == b'/')
}

/// `path` relative to `ancestor` (which must contain it): `""` for itself.
pub fn strip_ancestor<'a>(path: &'a str, ancestor: &str) -> &'a str {
    if ancestor.is_empty() {
        path
    } else if path == ancestor {
        ""
    } else {
        path.get(ancestor.len() + 1..).unwrap_or("")
    }
}

/// Join a relative parent and child (`""` meaning the root).
pub fn join_relative(parent: &str, child: &str) -> String {
    match (parent.is_empty(), child.is_empty()) {
        (true, _) => child.to_string(),
        (false, true) => parent.to_string(),
        (false, false) => format!("{parent}/{child}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_matches_go() {
        let cases = [
            ("", "."),
            (".", "."),
            ("/", "/"),
            ("//", "/"),
            ("abc", "abc"),
            ("abc/", "abc"),
            ("/abc/", "/abc"),
            ("a//b", "a/b"),
            ("a/./b", "a/b"),
            ("a/../b", "b"),
            ("a/..", "."),
            ("..", ".."),
            ("../..", "../.."),
            ("../../a", "../../a"),
            ("a/../..", ".."),
            ("/..", "/"),
            ("/../a", "/a"),
            ("./a/b/", "a/b"),
            ("!foo/../bar", "bar"),
        ];
        for (input, expected) in cases {
            assert_eq!(clean(input), expected, "clean({input:?})");
        }
    }

    #[test]
    fn dir_base_join() {
        assert_eq!(dir("a/b/c"), "a/b");
        assert_eq!(dir("a"), ".");
        assert_eq!(dir("/a"), "/");
        assert_eq!(dir("a/b/"), "a/b");
        assert_eq!(base("a/b/c"), "c");
        assert_eq!(base("a/b/"), "b");
        assert_eq!(base("///"), "/");
        assert_eq!(base(""), ".");
        assert_eq!(join(&["/app", "../x"]), "/x");
        assert_eq!(join(&["", ""]), "");
        assert_eq!(join(&["/", "a", "b/"]), "/a/b");
    }

    #[test]
    fn context_relative_paths() {
        assert_eq!(context_relative("./a/b/"), "a/b");
        assert_eq!(context_relative("/a"), "a");
        assert_eq!(context_relative("."), "");
        assert_eq!(context_relative("../x"), "../x");
        assert!(path_escapes("a/../../b"));
        assert!(!path_escapes("/../b"));
        assert!(is_within("a/b", "a"));
        assert!(!is_within("ab", "a"));
        assert!(is_within("a", ""));
        assert_eq!(strip_ancestor("a/b/c", "a"), "b/c");
        assert_eq!(strip_ancestor("a", "a"), "");
    }
}
