//! The article the project grew from (`../shared/seed/`): Layerlab finds the
//! mistakes it makes and reproduces the claims it makes. Fixtures are the
//! article's files, verbatim, in `tests/fixtures/article/`.

use layerlab::analyze::{analyze, AnalyzeInput, AnalyzeOptions, Report};

fn fixture(name: &str) -> String {
    std::fs::read_to_string(format!(
        "{}/tests/fixtures/article/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .expect("article fixture")
}

fn run(files: &[(&str, String)]) -> Report {
    analyze(&AnalyzeInput {
        files: files
            .iter()
            .map(|(n, t)| (n.to_string(), t.clone()))
            .collect(),
        options: AnalyzeOptions {
            today: Some("2026-11-28".to_string()),
            ..AnalyzeOptions::default()
        },
    })
}

fn lines_of(report: &Report, file: &str, code: &str) -> Vec<u32> {
    report
        .diagnostics
        .iter()
        .filter(|d| d.file == file && d.code == code)
        .map(|d| d.line)
        .collect()
}

#[test]
fn compose_file_with_its_three_stage_dockerfile() {
    let report = run(&[
        ("docker-compose.yml", fixture("docker-compose.yml")),
        ("Dockerfile", fixture("node-multistage.Dockerfile")),
    ]);
    let compose = "docker-compose.yml";
    assert_eq!(
        lines_of(&report, compose, "LL2001"),
        [2],
        "version is obsolete"
    );
    assert_eq!(
        lines_of(&report, compose, "LL2003"),
        [13],
        "password in DATABASE_URL"
    );
    assert_eq!(
        lines_of(&report, compose, "LL2004"),
        [43, 56],
        "5432 and 6379 on all interfaces"
    );
    assert_eq!(
        lines_of(&report, compose, "LL3001"),
        [9],
        "target: production names no stage"
    );
    let target = report
        .diagnostics
        .iter()
        .find(|d| d.code == "LL3001")
        .unwrap();
    assert!(target.message.contains("production"), "{}", target.message);
    assert_eq!(
        lines_of(&report, compose, "LL1007"),
        [27],
        "curl in the healthcheck of an alpine image"
    );
    assert!(
        !report.diagnostics.iter().any(|d| d.file == compose
            && d.severity == layerlab::Severity::Error
            && d.code.starts_with("CP")),
        "the article's compose file is valid"
    );
    let model = report.compose[0].model.as_ref().expect("compose model");
    assert!(model["services"].get("app").is_some() || model["services"].as_array().is_some());
}

#[test]
fn compose_healthcheck_is_fine_when_the_dockerfile_installs_the_tool() {
    let dockerfile = fixture("node-multistage.Dockerfile").replace(
        "FROM node:18-alpine AS runner\n",
        "FROM node:18-alpine AS runner\nRUN apk add --no-cache curl\n",
    );
    assert!(dockerfile.contains("apk add --no-cache curl"));
    let report = run(&[
        ("docker-compose.yml", fixture("docker-compose.yml")),
        ("Dockerfile", dockerfile),
    ]);
    assert!(lines_of(&report, "docker-compose.yml", "LL1007").is_empty());
}
