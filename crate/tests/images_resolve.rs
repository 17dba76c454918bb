//! Resolution of image references to catalog entries, end-of-life and
//! alternatives queries.

use layerlab::images::{
    alternatives, end_of_life, entry_by_id, has_tool, lookup, resolve, Caveat, Date, MatchKind,
    ReferenceErrorKind, Resolution, Tool, ToolPresence,
};

fn resolved(reference: &str) -> (String, MatchKind) {
    let found = lookup(reference).unwrap_or_else(|| panic!("{reference}: not resolved"));
    (found.entry.id.to_owned(), found.kind)
}

fn check(reference: &str, id: &str, kind: MatchKind) {
    assert_eq!(resolved(reference), (id.to_owned(), kind), "{reference}");
}

#[test]
fn exact_tags() {
    check("node:24-slim", "node-24-slim", MatchKind::Exact);
    check("node:24", "node-24", MatchKind::Exact);
    check(
        "node:24.19.0-bookworm-slim",
        "node-24-slim",
        MatchKind::Exact,
    );
    check("python:3.13.14-slim", "python-3.13-slim", MatchKind::Exact);
    check(
        "python:3.13-slim-trixie",
        "python-3.13-slim",
        MatchKind::Exact,
    );
    check(
        "eclipse-temurin:21-jre-alpine",
        "temurin-21-jre-alpine",
        MatchKind::Exact,
    );
    check("eclipse-temurin:21", "temurin-21-jdk", MatchKind::Exact);
    check("php:8.5-fpm-alpine", "php-8.5-fpm-alpine", MatchKind::Exact);
    check("php:8.5", "php-8.5-cli", MatchKind::Exact);
    check("debian:bookworm-slim", "debian-12-slim", MatchKind::Exact);
    check("debian:12", "debian-12", MatchKind::Exact);
    check("ubuntu:22.04", "ubuntu-22.04", MatchKind::Exact);
    check("ubuntu:jammy", "ubuntu-22.04", MatchKind::Exact);
    check("postgres:16-alpine", "postgres-16-alpine", MatchKind::Exact);
    check("redis:7-alpine", "redis-7-alpine", MatchKind::Exact);
    check("mysql:8.4", "mysql-8.4", MatchKind::Exact);
    check(
        "mcr.microsoft.com/dotnet/aspnet:8.0",
        "dotnet-aspnet-8.0",
        MatchKind::Exact,
    );
    check(
        "mcr.microsoft.com/dotnet/aspnet:10.0-noble-chiseled",
        "dotnet-aspnet-10.0-chiseled",
        MatchKind::Exact,
    );
    check(
        "gcr.io/distroless/nodejs20-debian12:nonroot",
        "distroless-nodejs20-debian12",
        MatchKind::Exact,
    );
    check("scratch", "scratch", MatchKind::Exact);
}

#[test]
fn same_variant_other_patch_version() {
    check(
        "node:20.11.1-bookworm-slim",
        "node-20-slim",
        MatchKind::SameVariantOtherPatch,
    );
    // python:3.12-slim is trixie now; asking for bookworm is another build.
    let found = lookup("python:3.12-slim-bookworm").expect("known");
    assert_eq!(
        (found.entry.id, found.kind),
        ("python-3.12-slim", MatchKind::SameVariantOtherPatch)
    );
    assert!(
        found.notes.iter().any(|n| n.contains("bookworm")),
        "{:?}",
        found.notes
    );
    check(
        "node:20-bullseye",
        "node-20",
        MatchKind::SameVariantOtherPatch,
    );
    check(
        "golang:1.26.2",
        "golang-1.26",
        MatchKind::SameVariantOtherPatch,
    );
    check(
        "gcr.io/distroless/static-debian13",
        "distroless-static-debian12",
        MatchKind::SameVariantOtherPatch,
    );
}

#[test]
fn same_image_other_version() {
    let found = lookup("node:21-alpine").expect("known");
    assert_eq!(found.kind, MatchKind::SameImageOtherVersion);
    assert!(found.entry.variant == ["alpine"], "{}", found.entry.id);
    assert!(["node-20-alpine", "node-22-alpine"].contains(&found.entry.id));
    assert_eq!(found.requested_line.as_deref(), Some("21"));
    check("node:16", "node-18", MatchKind::SameImageOtherVersion);
    check(
        "python:3.8-slim",
        "python-3.9-slim",
        MatchKind::SameImageOtherVersion,
    );
    check(
        "postgres:17",
        "postgres-18",
        MatchKind::SameImageOtherVersion,
    );
    check(
        "gcr.io/distroless/nodejs24-debian12",
        "distroless-nodejs22-debian12",
        MatchKind::SameImageOtherVersion,
    );
}

#[test]
fn same_line_other_variant() {
    let found = lookup("php:8.5-zts").expect("known");
    assert_eq!(
        (found.entry.id, found.kind),
        ("php-8.5-cli", MatchKind::SameLineOtherVariant)
    );
    check(
        "node:24-windowsservercore",
        "node-24",
        MatchKind::SameLineOtherVariant,
    );
}

#[test]
fn moving_tags_are_family_defaults() {
    check("node", "node-26", MatchKind::FamilyDefault);
    check("node:latest", "node-26", MatchKind::FamilyDefault);
    check("node:lts", "node-26", MatchKind::FamilyDefault);
    check("node:current", "node-26", MatchKind::FamilyDefault);
    check(
        "node:lts-alpine",
        "node-26-alpine",
        MatchKind::FamilyDefault,
    );
    check("node:alpine", "node-26-alpine", MatchKind::FamilyDefault);
    check("python", "python-3.14", MatchKind::FamilyDefault);
    check("rust:slim", "rust-1-slim", MatchKind::FamilyDefault);
    check(
        "debian:stable-slim",
        "debian-13-slim",
        MatchKind::FamilyDefault,
    );
    check(
        "eclipse-temurin:latest",
        "temurin-21-jdk",
        MatchKind::FamilyDefault,
    );
    check(
        "docker.io/library/nginx",
        "nginx-1.31",
        MatchKind::FamilyDefault,
    );
    check(
        "index.docker.io/library/nginx:alpine",
        "nginx-1.31-alpine",
        MatchKind::FamilyDefault,
    );
}

#[test]
fn digest_only_pins() {
    let digest = "0".repeat(64);
    let found = lookup(&format!("node@sha256:{digest}")).expect("known");
    assert_eq!(
        (found.entry.id, found.kind),
        ("node-26", MatchKind::DigestOnly)
    );
    // A tag next to the digest still resolves by tag, with a note.
    let found = lookup(&format!("node:20-slim@sha256:{digest}")).expect("known");
    assert_eq!(
        (found.entry.id, found.kind),
        ("node-20-slim", MatchKind::Exact)
    );
    assert!(found.notes.iter().any(|n| n.contains("digest")));
}

#[test]
fn unknown_and_invalid_references() {
    assert_eq!(
        resolve("bitnami/redis:7").kind(),
        Some(MatchKind::UnknownImage)
    );
    assert_eq!(
        resolve("localhost:5000/node:20").kind(),
        Some(MatchKind::UnknownImage)
    );
    assert!(lookup("ghcr.io/acme/api:1.0").is_none());
    match resolve("Node:20") {
        Resolution::Invalid { error } => {
            assert_eq!(error.kind, ReferenceErrorKind::UppercaseRepository)
        }
        other => panic!("expected invalid, got {other:?}"),
    }
    assert_eq!(resolve("node:bad tag").kind(), None);
}

#[test]
fn registries_and_codenames_resolve() {
    check(
        "mcr.microsoft.com/dotnet/sdk:8.0",
        "dotnet-sdk-8.0",
        MatchKind::Exact,
    );
    check(
        "mcr.microsoft.com/dotnet/sdk:8.0-bookworm-slim",
        "dotnet-sdk-8.0",
        MatchKind::Exact,
    );
    check(
        "mcr.microsoft.com/dotnet/aspnet:10.0-alpine",
        "dotnet-aspnet-10.0-alpine",
        MatchKind::Exact,
    );
    check("ubuntu:noble-20240423", "ubuntu-24.04", MatchKind::Exact);
    check("node:24-bookworm", "node-24", MatchKind::Exact);
    check(
        "node:24-trixie",
        "node-24",
        MatchKind::SameVariantOtherPatch,
    );
    check("alpine:3.24", "alpine-3.24", MatchKind::Exact);
    check(
        "alpine:3.19",
        "alpine-3.24",
        MatchKind::SameImageOtherVersion,
    );
}

#[test]
fn distroless_debug_and_nonroot_tags() {
    let found = lookup("gcr.io/distroless/nodejs20-debian12:debug").expect("known");
    assert!(found.debug_shell && !found.nonroot_tag);
    assert_eq!(found.tool(Tool::Sh), ToolPresence::Busybox);
    let found = lookup("gcr.io/distroless/base-debian12:nonroot").expect("known");
    assert!(found.nonroot_tag);
    assert_eq!(found.user(), "nonroot:65532");
    assert_eq!(found.tool(Tool::Sh), ToolPresence::Absent);
}

#[test]
fn end_of_life_of_the_requested_line() {
    let today = Date::parse("2026-11-28").expect("date");
    let eol = end_of_life("node:18-alpine", today).expect("known");
    assert_eq!(eol.date.to_string(), "2025-04-30");
    assert!(eol.passed);
    let eol = end_of_life("node:20.11.1-bookworm-slim", today).expect("known");
    assert_eq!(
        (eol.line.as_str(), eol.date.to_string().as_str(), eol.passed),
        ("20", "2026-04-30", true)
    );
    let eol = end_of_life("node:22", today).expect("known");
    assert!(!eol.passed && eol.days_left > 0);
    // Lines without a size entry come from the family table, not from the
    // nearest described line.
    let eol = end_of_life("python:3.8-slim", today).expect("known");
    assert_eq!(eol.date.to_string(), "2024-10-07");
    assert_eq!(
        end_of_life("node:16", today).map(|e| e.date.to_string()),
        Some("2023-09-11".to_owned())
    );
    assert_eq!(
        end_of_life("python:3.9", today).map(|e| e.date.to_string()),
        Some("2025-10-31".to_owned())
    );
    assert_eq!(
        end_of_life("ubuntu:18.04", today).map(|e| e.date.to_string()),
        Some("2023-05-31".to_owned())
    );
    // Debian carries both dates.
    let eol = end_of_life("debian:bullseye-slim", today).expect("known");
    assert_eq!(eol.date.to_string(), "2024-08-14");
    assert_eq!(
        eol.extended.map(|d| d.to_string()),
        Some("2026-08-31".to_owned())
    );
    // No published date: Go, Rust; unknown line: no guess.
    assert!(end_of_life("golang:1.26", today).is_none());
    assert!(end_of_life("rust:1.98", today).is_none());
    assert!(end_of_life("node:17", today).is_none());
    assert!(end_of_life("bitnami/redis", today).is_none());
    // Judged against `today`.
    let early = Date::parse("2025-01-01").expect("date");
    assert!(!end_of_life("node:18", early).expect("known").passed);
}

#[test]
fn tools_follow_the_variant() {
    let full = entry_by_id("node-24").expect("entry");
    let slim = entry_by_id("node-24-slim").expect("entry");
    let alpine = entry_by_id("node-24-alpine").expect("entry");
    assert_eq!(has_tool(full, Tool::Curl), ToolPresence::Present);
    assert_eq!(has_tool(slim, Tool::Curl), ToolPresence::Absent);
    assert_eq!(has_tool(alpine, Tool::Wget), ToolPresence::Busybox);
    assert_eq!(has_tool(alpine, Tool::Bash), ToolPresence::Absent);
    let distroless = entry_by_id("distroless-static-debian12").expect("entry");
    assert_eq!(has_tool(distroless, Tool::Sh), ToolPresence::Absent);
    let php = entry_by_id("php-8.5-fpm-alpine").expect("entry");
    assert_eq!(has_tool(php, Tool::Curl), ToolPresence::Present);
}

#[test]
fn alternatives_walk_the_variant_ladder() {
    let node = entry_by_id("node-20").expect("entry");
    let alts = alternatives(node);
    let ids: Vec<&str> = alts.iter().map(|a| a.entry.id).collect();
    assert_eq!(
        ids,
        [
            "node-20-slim",
            "node-20-alpine",
            "distroless-nodejs20-debian12"
        ]
    );
    assert!(
        alts.iter().all(|a| a.compressed_delta < 0),
        "all smaller than node:20"
    );
    let alpine = &alts[1];
    assert!(alpine.caveats.contains(&Caveat::Musl));
    assert!(alpine.caveats.contains(&Caveat::NoBash));
    assert!(alpine.caveats.contains(&Caveat::NoCurl));
    let distroless = &alts[2];
    assert!(distroless.caveats.contains(&Caveat::NoShell));
    assert!(distroless.caveats.contains(&Caveat::NoPackageManager));
    assert!(!distroless.caveats.contains(&Caveat::Musl));

    let python = entry_by_id("python-3.12-slim").expect("entry");
    let alts = alternatives(python);
    let ids: Vec<&str> = alts.iter().map(|a| a.entry.id).collect();
    assert_eq!(
        ids,
        [
            "python-3.12",
            "python-3.12-alpine",
            "distroless-python3-debian12"
        ]
    );
    assert!(
        alts[0].compressed_delta > 0,
        "the default variant is bigger"
    );
    assert!(
        alts[2].caveats.contains(&Caveat::OtherRuntimeVersion),
        "distroless python is 3.11"
    );

    let go = entry_by_id("golang-1.26").expect("entry");
    let static_alt = alternatives(go)
        .into_iter()
        .find(|a| a.entry.family == "distroless")
        .expect("distroless");
    assert!(static_alt.caveats.contains(&Caveat::RuntimeOnly));
}

#[test]
fn hostile_input_never_panics() {
    let long_tag = format!("node:{}", "9".repeat(128));
    let dashes = format!("node:1{}", "-".repeat(120));
    let deep = format!("{}x", "a/".repeat(100));
    let inputs = [
        "",
        ":",
        "@",
        "/",
        "node:",
        "node@",
        "é",
        "node:é",
        "nöde:20",
        "a:b:c",
        "[::1]:5000/x:1",
        "[::1/x",
        "localhost:/x",
        "node:20-",
        "node:-",
        "node:1.2.3.4.5.6.7",
        "gcr.io/distroless/",
        "gcr.io/distroless/-debian",
        "gcr.io/distroless/x9-debian",
        "scratch:latest",
        "mcr.microsoft.com/dotnet/aspnet:99999999999999999999",
        long_tag.as_str(),
        dashes.as_str(),
        deep.as_str(),
    ];
    let today = Date::parse("2026-11-28").expect("date");
    for input in inputs {
        let _ = resolve(input);
        let _ = end_of_life(input, today);
        if let Some(found) = lookup(input) {
            let _ = alternatives(found.entry);
        }
    }
}
