//! COPY/ADD source selection: which context entries a COPY reads and where
//! they land, following BuildKit's frontend and FileOp copy.

use layerlab::context::{
    select_copy, BuildContext, ContextEntry, CopyRequest, CopySelection, Dockerignore, EntryKind,
    SourceOutcome,
};

fn context(paths: &[&str]) -> BuildContext {
    BuildContext::new(
        paths
            .iter()
            .map(|p| ContextEntry::file(*p, format!("sha-{p}"), 100)),
    )
}

fn copy(ctx: &BuildContext, ignore: &str, request: CopyRequest) -> CopySelection {
    let filter = ctx.apply_dockerignore(&Dockerignore::parse(ignore));
    select_copy(&filter, &request)
}

/// (image path, context path) of every file or symlink placed.
fn landed(selection: &CopySelection) -> Vec<(&str, &str)> {
    selection
        .placements
        .iter()
        .filter(|p| p.kind != EntryKind::Dir)
        .map(|p| (p.image_path.as_str(), p.context_path.as_str()))
        .collect()
}

fn project() -> BuildContext {
    context(&[
        "Dockerfile",
        "package.json",
        "package-lock.json",
        "src/index.js",
        "src/lib/util.js",
        "src/lib/README.md",
        "src/notes.md",
        "node_modules/react/index.js",
        ".env",
    ])
}

#[test]
fn copy_dot_dot_sends_the_filtered_context_under_the_workdir() {
    let ctx = project();
    let s = copy(
        &ctx,
        "node_modules\n.env\n",
        CopyRequest::new(["."], ".").workdir("/app"),
    );
    assert_eq!(s.dest, "/app/");
    assert_eq!(
        landed(&s),
        vec![
            ("/app/Dockerfile", "Dockerfile"),
            ("/app/package-lock.json", "package-lock.json"),
            ("/app/package.json", "package.json"),
            ("/app/src/index.js", "src/index.js"),
            ("/app/src/lib/README.md", "src/lib/README.md"),
            ("/app/src/lib/util.js", "src/lib/util.js"),
            ("/app/src/notes.md", "src/notes.md"),
        ]
    );
    assert_eq!(s.sources[0].ignored_files_inside, 2);
    assert_eq!(s.total_bytes(), 700);
    assert!(!s.fails_build());
}

#[test]
fn a_directory_source_copies_its_contents_not_itself() {
    let ctx = project();
    for dest in ["/app", "/app/"] {
        let s = copy(&ctx, "", CopyRequest::new(["src"], dest));
        let paths: Vec<&str> = landed(&s).iter().map(|(i, _)| *i).collect();
        assert_eq!(
            paths,
            vec![
                "/app/index.js",
                "/app/lib/README.md",
                "/app/lib/util.js",
                "/app/notes.md"
            ],
            "dest {dest}"
        );
    }
}

#[test]
fn wildcards_follow_go_filepath_match_without_crossing_directories() {
    let ctx = project();
    let s = copy(
        &ctx,
        "",
        CopyRequest::new(["package*.json"], "./").workdir("/app"),
    );
    assert_eq!(
        landed(&s),
        vec![
            ("/app/package-lock.json", "package-lock.json"),
            ("/app/package.json", "package.json"),
        ]
    );
    assert!(s.sources[0].wildcard);
    // `*.md` at the top level matches nothing here: no failure, nothing copied.
    let s = copy(&ctx, "", CopyRequest::new(["*.md"], "/docs/"));
    assert_eq!(s.sources[0].outcome, SourceOutcome::NoMatch);
    assert!(!s.fails_build());
    assert!(s.placements.is_empty());
    // A wildcard in a middle component.
    let s = copy(&ctx, "", CopyRequest::new(["src/*/util.js"], "/x/"));
    assert_eq!(landed(&s), vec![("/x/util.js", "src/lib/util.js")]);
}

#[test]
fn wildcard_directory_matches_are_flattened_one_level() {
    // Each match is copied like a source of its own, so a matched directory
    // contributes its contents directly.
    let ctx = project();
    let s = copy(&ctx, "", CopyRequest::new(["src/*"], "/app/"));
    assert_eq!(
        landed(&s),
        vec![
            ("/app/README.md", "src/lib/README.md"),
            ("/app/index.js", "src/index.js"),
            ("/app/notes.md", "src/notes.md"),
            ("/app/util.js", "src/lib/util.js"),
        ]
    );
    assert_eq!(
        s.sources[0].matches,
        vec!["src/index.js", "src/lib", "src/notes.md"]
    );
}

#[test]
fn several_files_to_a_plain_destination_overwrite_each_other() {
    // moby/buildkit#4550: `COPY *.txt test.txt` keeps the last match.
    let ctx = context(&["test1.txt", "test2.txt"]);
    let s = copy(&ctx, "", CopyRequest::new(["*.txt"], "/test.txt"));
    assert_eq!(landed(&s), vec![("/test.txt", "test2.txt")]);
    assert_eq!(s.overwritten.len(), 1);
    assert_eq!(s.overwritten[0].context_path, "test1.txt");
    // With a trailing slash both are kept.
    let s = copy(&ctx, "", CopyRequest::new(["*.txt"], "/out/"));
    assert_eq!(landed(&s).len(), 2);
    assert!(s.overwritten.is_empty());
}

#[test]
fn a_directory_first_turns_the_destination_into_a_directory() {
    let ctx = context(&["dir1/a", "file"]);
    let s = copy(&ctx, "", CopyRequest::new(["dir1", "file"], "/x"));
    assert_eq!(landed(&s), vec![("/x/a", "dir1/a"), ("/x/file", "file")]);
}

#[test]
fn same_names_from_two_sources_collide_without_parents() {
    let ctx = context(&["x/a.txt", "y/a.txt"]);
    let s = copy(
        &ctx,
        "",
        CopyRequest::new(["./x/a.txt", "./y/a.txt"], "/no_parents/"),
    );
    assert_eq!(landed(&s), vec![("/no_parents/a.txt", "y/a.txt")]);
    assert_eq!(s.overwritten[0].context_path, "x/a.txt");
}

#[test]
fn parents_keep_the_directory_structure() {
    let ctx = context(&["x/a.txt", "y/a.txt", "x/y/b.txt", "x/y/c.md"]);
    let s = copy(
        &ctx,
        "",
        CopyRequest::new(["./x/a.txt", "./y/a.txt"], "/parents/").parents(true),
    );
    assert_eq!(
        landed(&s),
        vec![
            ("/parents/x/a.txt", "x/a.txt"),
            ("/parents/y/a.txt", "y/a.txt")
        ]
    );
    // The `/./` pivot: only what follows it keeps its directories.
    let s = copy(
        &ctx,
        "",
        CopyRequest::new(["./x/./y/*.txt"], "/parents/").parents(true),
    );
    assert_eq!(landed(&s), vec![("/parents/y/b.txt", "x/y/b.txt")]);
}

#[test]
fn parents_with_double_star() {
    let ctx = context(&[
        "src/a.txt",
        "src/x/b.txt",
        "src/x/y/c.txt",
        "src/x/d.go",
        "other/e.txt",
    ]);
    let s = copy(
        &ctx,
        "",
        CopyRequest::new(["./src/**/*.txt"], "/parents/").parents(true),
    );
    assert_eq!(
        landed(&s),
        vec![
            ("/parents/src/a.txt", "src/a.txt"),
            ("/parents/src/x/b.txt", "src/x/b.txt"),
            ("/parents/src/x/y/c.txt", "src/x/y/c.txt"),
        ]
    );
    // Directories are created only where something is copied into them.
    let dirs: Vec<&str> = s
        .placements
        .iter()
        .filter(|p| p.kind == EntryKind::Dir)
        .map(|p| p.image_path.as_str())
        .collect();
    assert_eq!(
        dirs,
        vec!["/parents/src", "/parents/src/x", "/parents/src/x/y"]
    );
}

#[test]
fn parents_require_plain_paths_to_exist() {
    let ctx = context(&["x/a.txt"]);
    let s = copy(
        &ctx,
        "",
        CopyRequest::new(["./x/missing.txt"], "/p/").parents(true),
    );
    assert_eq!(s.sources[0].outcome, SourceOutcome::NotFound);
    assert!(s.fails_build());
}

#[test]
fn exclude_patterns_are_relative_to_each_source_directory() {
    let ctx = context(&["docs/a.md", "docs/a.txt", "docs/sub/b.md", "docs/sub/b.txt"]);
    // moby/buildkit#5509: `*.md` is top-level only, like .dockerignore.
    let s = copy(&ctx, "", CopyRequest::new(["docs"], "/d/").exclude("*.md"));
    assert_eq!(
        landed(&s),
        vec![
            ("/d/a.txt", "docs/a.txt"),
            ("/d/sub/b.md", "docs/sub/b.md"),
            ("/d/sub/b.txt", "docs/sub/b.txt"),
        ]
    );
    assert_eq!(s.sources[0].excluded.len(), 1);
    assert_eq!(s.sources[0].excluded[0].path, "docs/a.md");
    assert_eq!(s.sources[0].excluded[0].by, Some(0));
    let s = copy(
        &ctx,
        "",
        CopyRequest::new(["docs"], "/d/").exclude("**/*.md"),
    );
    assert_eq!(landed(&s).len(), 2);
    // Exceptions work as in .dockerignore.
    let s = copy(
        &ctx,
        "",
        CopyRequest::new(["docs"], "/d/")
            .exclude("sub")
            .exclude("!sub/b.txt"),
    );
    assert_eq!(
        landed(&s),
        vec![
            ("/d/a.md", "docs/a.md"),
            ("/d/a.txt", "docs/a.txt"),
            ("/d/sub/b.txt", "docs/sub/b.txt"),
        ]
    );
}

#[test]
fn exclude_does_not_filter_wildcard_matches_themselves() {
    // moby/buildkit#5489: `COPY --exclude=a * .` still copies `a`.
    let ctx = context(&["a", "b"]);
    let s = copy(&ctx, "", CopyRequest::new(["*"], "/x/").exclude("a"));
    assert_eq!(landed(&s), vec![("/x/a", "a"), ("/x/b", "b")]);
}

#[test]
fn a_source_hidden_by_dockerignore_fails_with_the_deciding_line() {
    let ctx = context(&["main.c", "tmp/Dockerfile", "util.c"]);
    let ignore_text = "# build\nmain.c\ntmp\n";
    let s = copy(&ctx, ignore_text, CopyRequest::new(["main.c"], "/src/"));
    assert_eq!(s.sources[0].outcome, SourceOutcome::Ignored);
    assert_eq!(s.sources[0].ignored_by, Some(0));
    assert!(s.fails_build());
    // Hidden through its parent directory.
    let s = copy(
        &ctx,
        ignore_text,
        CopyRequest::new(["./tmp/Dockerfile"], "/x"),
    );
    assert_eq!(s.sources[0].outcome, SourceOutcome::Ignored);
    assert_eq!(s.sources[0].ignored_by, Some(1));
    // BuildKit's CopyIgnoredFile check agrees for these plain sources.
    let ignore = Dockerignore::parse(ignore_text);
    assert_eq!(ignore.copy_ignored_file("main.c").map(|p| p.line), Some(2));
    assert_eq!(
        ignore.copy_ignored_file("./tmp/Dockerfile").map(|p| p.line),
        Some(3)
    );
    assert!(ignore.copy_ignored_file("util.c").is_none());
    // A wildcard whose every match is hidden copies nothing but does not fail.
    let s = copy(&ctx, "*.c\n", CopyRequest::new(["*.c"], "/src/"));
    assert_eq!(s.sources[0].outcome, SourceOutcome::NoMatch);
    assert_eq!(s.sources[0].ignored_by, Some(0));
    assert!(!s.fails_build());
    // Something that is not there at all.
    let s = copy(&ctx, "", CopyRequest::new(["missing.c"], "/src/"));
    assert_eq!(s.sources[0].outcome, SourceOutcome::NotFound);
    let s = copy(&ctx, "", CopyRequest::new(["nodir/*.c"], "/src/"));
    assert_eq!(s.sources[0].outcome, SourceOutcome::NotFound);
}

#[test]
fn symlinks_are_followed_for_the_source_but_copied_inside_directories() {
    let ctx = BuildContext::new(vec![
        ContextEntry::file("real/app.js", "sha-app", 10),
        ContextEntry::symlink("app.js", "real/app.js"),
        ContextEntry::symlink("lib", "real"),
        ContextEntry::symlink("real/self", "app.js"),
    ]);
    let filter = ctx.unfiltered();
    let s = select_copy(&filter, &CopyRequest::new(["app.js"], "/x/"));
    let p = &s.placements[0];
    assert_eq!(
        (
            p.image_path.as_str(),
            p.kind,
            p.hash.as_str(),
            p.resolved_path.as_str()
        ),
        ("/x/app.js", EntryKind::File, "sha-app", "real/app.js")
    );
    let s = select_copy(&filter, &CopyRequest::new(["lib/*.js"], "/y/"));
    assert_eq!(landed(&s), vec![("/y/app.js", "real/app.js")]);
    let s = select_copy(&filter, &CopyRequest::new(["lib"], "/z/"));
    let kinds: Vec<(&str, EntryKind)> = s
        .placements
        .iter()
        .map(|p| (p.image_path.as_str(), p.kind))
        .collect();
    assert_eq!(
        kinds,
        vec![
            ("/z/app.js", EntryKind::File),
            ("/z/self", EntryKind::Symlink)
        ]
    );
}

#[test]
fn sources_cannot_leave_the_context() {
    let ctx = context(&["x/file"]);
    let s = copy(&ctx, "", CopyRequest::new(["../x/file"], "/out"));
    assert!(s.sources[0].escapes_context);
    assert_eq!(landed(&s), vec![("/out", "x/file")]);
}

#[test]
fn remote_sources_are_not_taken_from_the_context() {
    let ctx = context(&["a"]);
    let s = copy(
        &ctx,
        "",
        CopyRequest::new(["https://example.com/tool.tgz", "a"], "/opt/"),
    );
    assert_eq!(s.sources[0].outcome, SourceOutcome::Remote);
    assert_eq!(landed(&s), vec![("/opt/a", "a")]);
}

#[test]
fn invalid_exclude_patterns_fail_the_instruction() {
    let ctx = context(&["a"]);
    let s = copy(&ctx, "", CopyRequest::new(["."], "/x/").exclude("[oops"));
    assert!(s.fails_build());
    assert!(s.errors[0].contains("[oops"));
}

#[test]
fn selection_digest_tracks_exactly_what_is_read() {
    let base = project();
    let request = || CopyRequest::new(["package*.json"], "./").workdir("/app");
    let digest = |ctx: &BuildContext, ignore: &str| copy(ctx, ignore, request()).digest();
    let original = digest(&base, "");

    // Same entries in another order: same digest.
    let mut reversed: Vec<ContextEntry> = base.entries().to_vec();
    reversed.reverse();
    assert_eq!(digest(&BuildContext::new(reversed), ""), original);

    // Editing a file the COPY does not read changes nothing.
    let edited_other = BuildContext::new(base.entries().iter().cloned().map(|mut e| {
        if e.path == "src/index.js" {
            e.hash = "changed".into();
        }
        e
    }));
    assert_eq!(digest(&edited_other, ""), original);

    // Editing, re-moding or renaming a selected file changes it.
    for change in [
        |e: &mut ContextEntry| e.hash = "changed".into(),
        |e: &mut ContextEntry| e.mode = 0o755,
        |e: &mut ContextEntry| e.path = "package-lock2.json".into(),
    ] {
        let changed = BuildContext::new(base.entries().iter().cloned().map(|mut e| {
            if e.path == "package-lock.json" {
                change(&mut e);
            }
            e
        }));
        assert_ne!(digest(&changed, ""), original);
    }

    // Ignoring a selected file changes what is read.
    assert_ne!(digest(&base, "package-lock.json\n"), original);
}

#[test]
fn excluded_and_ignored_files_do_not_enter_the_digest() {
    let ctx = context(&["app/main.go", "app/notes.md"]);
    let d1 = copy(&ctx, "", CopyRequest::new(["app"], "/src/").exclude("*.md")).digest();
    let edited = BuildContext::new(vec![
        ContextEntry::file("app/main.go", "sha-app/main.go", 100),
        ContextEntry::file("app/notes.md", "edited", 100),
    ]);
    let d2 = copy(
        &edited,
        "",
        CopyRequest::new(["app"], "/src/").exclude("*.md"),
    )
    .digest();
    assert_eq!(d1, d2);
    let d3 = copy(
        &edited,
        "app/notes.md\n",
        CopyRequest::new(["app"], "/src/"),
    )
    .digest();
    assert_eq!(d1, d3);
}
