//! Compose analysis end to end: each error on an invalid file, with its
//! range on the offending key or value; the article's compose file; hostile
//! input; interpolation; fixes; the model and the resolved view.

use layerlab::compose::{analyze, ComposeAnalysis, ComposeInput, DockerfileFacts, StageFacts};
use layerlab::diagnostic::apply_edits;
use layerlab::{Diagnostic, Severity};
use std::collections::BTreeMap;

fn run(text: &str) -> ComposeAnalysis {
    analyze(&ComposeInput::new(text))
}

fn codes(analysis: &ComposeAnalysis) -> Vec<&str> {
    analysis
        .diagnostics
        .iter()
        .map(|d| d.code.as_str())
        .collect()
}

/// The one diagnostic with `code`, whose range must cover exactly `slice`.
#[track_caller]
fn expect<'a>(
    text: &str,
    analysis: &'a ComposeAnalysis,
    code: &str,
    slice: &str,
) -> &'a Diagnostic {
    let found: Vec<&Diagnostic> = analysis
        .diagnostics
        .iter()
        .filter(|d| d.code == code)
        .collect();
    assert!(
        !found.is_empty(),
        "no {code} in {:#?}",
        analysis
            .diagnostics
            .iter()
            .map(|d| (&d.code, &d.message))
            .collect::<Vec<_>>()
    );
    let d = found
        .iter()
        .find(|d| d.range.slice(text) == slice)
        .unwrap_or_else(|| {
            panic!(
                "{code} ranges are {:?}, expected {slice:?}",
                found
                    .iter()
                    .map(|d| d.range.slice(text))
                    .collect::<Vec<_>>()
            )
        });
    d
}

fn errors(analysis: &ComposeAnalysis) -> Vec<&Diagnostic> {
    analysis
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .collect()
}

// ---- YAML layer --------------------------------------------------------------

#[test]
fn yaml_syntax_error_is_one_error() {
    let text = "services:\n  web:\n    image: nginx\n    ports: [\"80:80\"\n";
    let a = run(text);
    assert_eq!(codes(&a), ["CP1000"]);
    assert!(a.diagnostics[0].message.starts_with("YAML syntax error"));
    assert!(a.model.is_none());
}

#[test]
fn duplicate_key_points_at_the_second_key() {
    let text = "services:\n  web:\n    image: nginx:1\n    image: nginx:2\n";
    let a = run(text);
    let d = expect(text, &a, "CP1001", "image");
    assert_eq!(d.range.start as usize, text.rfind("image").unwrap());
    assert_eq!(
        d.related[0].range.start as usize,
        text.find("image").unwrap()
    );
    assert!(d.message.contains("already defined at line 3"));
}

#[test]
fn anchors_and_merge_keys_lint_through_with_both_positions() {
    let text = "x-base: &base\n  privileged: true\n  restart: always\nservices:\n  web:\n    <<: *base\n    image: nginx:1.27\n";
    let a = run(text);
    let d = expect(text, &a, "LL2005", "*base");
    assert!(d.message.contains("privileged"));
    // Used here (the range), defined here (related).
    assert_eq!(d.related[0].range.slice(text), "&base");
    let web = a.model.as_ref().unwrap().service("web").unwrap();
    assert_eq!(web.restart.as_ref().unwrap().value, "always");
}

#[test]
fn alias_bomb_is_refused_with_one_clear_error() {
    let mut text = String::from("x-a0: &a0 [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
    for level in 1..12 {
        let refs = vec![format!("*a{}", level - 1); 10].join(",");
        text.push_str(&format!("x-a{level}: &a{level} [{refs}]\n"));
    }
    text.push_str("services:\n  web:\n    image: nginx\n    command: *a11\n");
    let a = run(&text);
    assert_eq!(codes(&a), ["CP1000"]);
    assert!(a.diagnostics[0].message.contains("billion laughs"));
}

#[test]
fn deep_nesting_is_refused_with_one_clear_error() {
    let text = format!(
        "services:\n  web:\n    image: x\n    command: {}{}\n",
        "[".repeat(5000),
        "]".repeat(5000)
    );
    let a = run(&text);
    assert_eq!(codes(&a), ["CP1000"]);
    let text = format!("x: {}{}\n", "[".repeat(70), "]".repeat(70));
    let a = run(&text);
    assert_eq!(codes(&a), ["CP1000"]);
    assert!(a.diagnostics[0].message.contains("deeper than 64"));
}

#[test]
fn ten_megabytes_is_refused_without_parsing() {
    let line = "    - \"some value that repeats\"\n";
    let text = "services:\n  web:\n    image: x\n    command:\n".to_string()
        + &line.repeat(10 * 1024 * 1024 / line.len());
    assert!(text.len() >= 10 * 1024 * 1024 - line.len());
    let a = run(&text);
    assert_eq!(codes(&a), ["CP1000"]);
    assert!(
        a.diagnostics[0].message.contains("10.0 MB"),
        "{}",
        a.diagnostics[0].message
    );
}

#[test]
fn a_large_but_valid_file_is_analysed() {
    let mut text = String::from("services:\n");
    for i in 0..2000 {
        text.push_str(&format!(
            "  svc{i}:\n    image: nginx:1.27\n    restart: unless-stopped\n"
        ));
    }
    let a = run(&text);
    assert!(errors(&a).is_empty());
    assert_eq!(a.model.unwrap().services.len(), 2000);
}

#[test]
fn binary_garbage_is_one_error() {
    let png: Vec<u8> = vec![
        0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, b'I', b'H', b'D', b'R',
    ];
    let text = String::from_utf8_lossy(&png).into_owned();
    let a = run(&text);
    assert_eq!(codes(&a), ["CP1000"]);
    assert!(a.diagnostics[0].message.contains("binary data"));
    let text = "services:\n  web:\n    image: \u{1}\u{2}\u{3}\n";
    assert_eq!(codes(&run(text)), ["CP1000"]);
}

#[test]
fn non_ascii_text_keeps_exact_byte_ranges() {
    let text = "# Ünïcödé 😀\nservices:\n  web:\n    image: \"😀\"\n    restart: [1]\n";
    let a = run(text);
    let d = expect(text, &a, "CP1003", "[1]");
    assert_eq!(d.range.start as usize, text.find("[1]").unwrap());
}

// ---- schema ------------------------------------------------------------------

#[test]
fn unknown_key_with_suggestion() {
    let text = "services:\n  web:\n    imgae: nginx\n";
    let a = run(text);
    let d = expect(text, &a, "CP1002", "imgae");
    assert!(d.message.contains("did you mean \"image\""));
}

#[test]
fn unknown_top_level_key() {
    let text = "service:\n  web:\n    image: nginx\n";
    let a = run(text);
    let d = expect(text, &a, "CP1002", "service");
    assert!(
        d.message.contains("did you mean \"services\""),
        "{}",
        d.message
    );
}

#[test]
fn one_of_is_one_message() {
    let text = "services:\n  web:\n    image: nginx\n    build: 12\n";
    let a = run(text);
    let d = expect(text, &a, "CP1003", "12");
    assert_eq!(
        d.message,
        "services.web.build must be a string or a mapping"
    );
    assert_eq!(errors(&a).len(), 1);
}

#[test]
fn enum_value_with_suggestion() {
    let text = "services:\n  web:\n    image: nginx\n    depends_on:\n      db:\n        condition: service_healty\n  db:\n    image: postgres\n";
    let a = run(text);
    let d = expect(text, &a, "CP1004", "service_healty");
    assert!(d.message.contains("did you mean \"service_healthy\""));
}

#[test]
fn missing_required_key_points_at_its_parent_key() {
    let text = "services:\n  web:\n    image: nginx\n    volumes:\n      - source: ./x\n        target: /x\n";
    let a = run(text);
    let d = expect(text, &a, "CP1005", "source: ./x\n        target: /x");
    assert!(d.message.contains("\"type\""));
}

#[test]
fn duplicate_items_point_at_the_second() {
    let text = "services:\n  web:\n    image: nginx\n    cap_add: [NET_ADMIN, CHOWN, NET_ADMIN]\n";
    let a = run(text);
    let d = expect(text, &a, "CP1006", "NET_ADMIN");
    assert_eq!(d.range.start as usize, text.rfind("NET_ADMIN").unwrap());
}

#[test]
fn invalid_service_name() {
    let text = "services:\n  my web:\n    image: nginx\n";
    let a = run(text);
    expect(text, &a, "CP1004", "my web");
}

#[test]
fn yaml_1_1_booleans_warn_with_a_fix() {
    let text = "services:\n  web:\n    image: nginx\n    read_only: yes\n";
    let a = run(text);
    let d = expect(text, &a, "CP1009", "yes");
    assert_eq!(
        d.message,
        "\"yes\" for boolean is not supported by YAML 1.2, please use `true`"
    );
    assert_eq!(d.fixes[0].apply(text), text.replace("yes", "true"));
    let text = "services:\n  web:\n    image: nginx\n    privileged: maybe\n";
    expect(text, &run(text), "CP1004", "maybe");
}

#[test]
fn durations_and_sizes_are_checked() {
    let text = "services:\n  web:\n    image: nginx\n    mem_limit: lots\n    healthcheck:\n      test: [\"CMD\", \"true\"]\n      interval: ten\n";
    let a = run(text);
    expect(text, &a, "CP1004", "lots");
    expect(text, &a, "CP1004", "ten");
}

// ---- interpolation -----------------------------------------------------------

#[test]
fn interpolation_from_dotenv_and_environment() {
    let text = "services:\n  web:\n    image: \"nginx:${TAG}\"\n    ports: [\"${PORT:-8080}:80\"]\n    environment:\n      MODE: $MODE\n";
    let env: BTreeMap<String, String> = [("MODE".to_string(), "prod".to_string())].into();
    let a = analyze(
        &ComposeInput::new(text)
            .with_dotenv("TAG=1.27\nMODE=dev\n")
            .with_environment(env),
    );
    assert!(errors(&a).is_empty(), "{:?}", a.diagnostics);
    let web = a.model.as_ref().unwrap().service("web").unwrap().clone();
    assert_eq!(web.image.unwrap().value, "nginx:1.27");
    assert_eq!(web.ports[0].published.as_ref().unwrap().value.start, 8080);
    // The environment wins over .env.
    assert_eq!(web.environment[0].value.as_ref().unwrap().value, "prod");
    let tag = a.variables.iter().find(|v| v.name == "TAG").unwrap();
    assert_eq!(tag.value.as_deref(), Some("1.27"));
    assert_eq!(tag.uses[0].slice(text), "${TAG}");
    let port = a.variables.iter().find(|v| v.name == "PORT").unwrap();
    assert_eq!(port.default.as_deref(), Some("8080"));
}

#[test]
fn missing_variable_is_reported_where_it_is_used() {
    let text = "services:\n  web:\n    image: \"nginx:${TAG}\"\n";
    let a = run(text);
    let d = expect(text, &a, "CP1008", "${TAG}");
    assert_eq!(
        d.message,
        "The \"TAG\" variable is not set. Defaulting to a blank string."
    );
    assert_eq!(d.severity, Severity::Warning);
}

#[test]
fn required_variable_and_invalid_template_are_errors() {
    let text = "services:\n  db:\n    image: postgres\n    environment:\n      POSTGRES_PASSWORD: ${DB_PASSWORD:?set it in .env}\n      OTHER: pa$1word\n";
    let a = run(text);
    let d = expect(text, &a, "CP1007", "${DB_PASSWORD:?set it in .env}");
    assert_eq!(
        d.message,
        "required variable DB_PASSWORD is missing a value: set it in .env"
    );
    let d = expect(text, &a, "CP1007", "$1");
    assert!(d.message.starts_with("Invalid template: \"pa$1word\""));
}

#[test]
fn dotenv_problems_point_into_the_env_text() {
    let a = analyze(
        &ComposeInput::new("services:\n  web:\n    image: nginx\n")
            .with_dotenv("OK=1\nBAD NAME=2\n"),
    );
    let d = a.diagnostics.iter().find(|d| d.code == "CP1010").unwrap();
    assert_eq!(d.file, ".env");
    assert_eq!(d.range.slice("OK=1\nBAD NAME=2\n"), "BAD NAME");
}

// ---- semantic checks -----------------------------------------------------------

#[test]
fn undefined_references() {
    let text = "services:\n  web:\n    image: nginx\n    depends_on: [db]\n    networks: [front]\n    volumes: [\"data:/data\"]\n    secrets: [token]\n    configs: [conf]\n    network_mode_x: 1\n";
    let a = run(text);
    let d = expect(text, &a, "CP1101", "db");
    assert_eq!(
        d.message,
        "service \"web\" depends on undefined service \"db\""
    );
    expect(text, &a, "CP1101", "front");
    let d = expect(text, &a, "CP1101", "data");
    assert_eq!(d.message, "service \"web\" refers to undefined volume data");
    expect(text, &a, "CP1101", "token");
    expect(text, &a, "CP1101", "conf");
}

#[test]
fn implicit_dependencies_are_checked() {
    let text = "services:\n  web:\n    image: nginx\n    network_mode: \"service:vpn\"\n    links: [\"cache:c\"]\n";
    let a = run(text);
    let d = expect(text, &a, "CP1101", "\"service:vpn\"");
    assert_eq!(
        d.message,
        "service \"vpn\" not found for network_mode 'service:vpn'"
    );
    expect(text, &a, "CP1101", "\"cache:c\"");
}

#[test]
fn dependency_cycle_is_reported_at_each_edge() {
    let text = "services:\n  a:\n    image: x\n    depends_on: [b]\n  b:\n    image: x\n    depends_on:\n      c:\n        condition: service_started\n  c:\n    image: x\n    depends_on: [a]\n";
    let a = run(text);
    let cycles: Vec<&Diagnostic> = a
        .diagnostics
        .iter()
        .filter(|d| d.code == "CP1102")
        .collect();
    assert_eq!(cycles.len(), 3, "{cycles:?}");
    assert_eq!(
        cycles[0].message,
        "dependency cycle detected: a -> b -> c -> a"
    );
    assert_eq!(cycles[0].range.slice(text), "b");
}

#[test]
fn extends_target_must_exist() {
    let text = "services:\n  web:\n    extends: base\n";
    let a = run(text);
    let d = expect(text, &a, "CP1103", "base");
    assert_eq!(
        d.message,
        "cannot extend service \"base\" in compose.yaml: service \"base\" not found"
    );
    let text = "services:\n  base:\n    image: nginx\n    restart: always\n  web:\n    extends: {service: base}\n";
    let a = run(text);
    assert!(errors(&a).is_empty(), "{:?}", a.diagnostics);
    assert_eq!(
        a.model
            .unwrap()
            .service("web")
            .unwrap()
            .image
            .as_ref()
            .unwrap()
            .value,
        "nginx"
    );
}

#[test]
fn mutually_exclusive_keys() {
    let text = "services:\n  web:\n    image: nginx\n    network_mode: host\n    networks: [front]\n    build:\n      dockerfile: Dockerfile\n      dockerfile_inline: FROM x\n    scale: 2\n    container_name: web\n    mem_limit: 1g\n    deploy:\n      replicas: 3\n      resources:\n        limits:\n          memory: 2g\nnetworks:\n  front:\n";
    let a = run(text);
    expect(text, &a, "CP1104", "front");
    expect(text, &a, "CP1104", "FROM x");
    expect(text, &a, "CP1104", "2");
    expect(text, &a, "CP1104", "web");
    expect(text, &a, "CP1104", "1g");
}

#[test]
fn healthcheck_test_form() {
    let text = "services:\n  web:\n    image: nginx\n    healthcheck:\n      test: [\"curl\", \"-f\", \"http://localhost\"]\n";
    let a = run(text);
    expect(text, &a, "CP1105", "\"curl\"");
}

#[test]
fn invalid_ports_point_at_the_bad_part() {
    let text = "services:\n  web:\n    image: nginx\n    ports:\n      - \"8080:80800\"\n      - \"300.1.1.1:80:80\"\n      - target: 80\n        host_ip: nowhere\n";
    let a = run(text);
    expect(text, &a, "CP1106", "80800");
    expect(text, &a, "CP1106", "300.1.1.1");
    expect(text, &a, "CP1106", "nowhere");
}

#[test]
fn image_or_build_is_required() {
    let text = "services:\n  web:\n    ports: [\"80:80\"]\n";
    let a = run(text);
    let d = expect(text, &a, "CP1107", "web");
    assert_eq!(
        d.message,
        "service \"web\" has neither an image nor a build context specified"
    );
}

#[test]
fn duplicate_mount_targets() {
    let text = "services:\n  web:\n    image: nginx\n    volumes:\n      - ./a:/data\n      - type: bind\n        source: ./b\n        target: /data/\n";
    let a = run(text);
    let d = expect(text, &a, "CP1108", "/data/");
    assert_eq!(d.related[0].range.slice(text), "/data");
}

#[test]
fn incomplete_top_level_resources() {
    let text = "services:\n  web:\n    image: nginx\nsecrets:\n  token: {}\nconfigs:\n  conf:\n    file: ./a\n    content: b\nvolumes:\n  data:\n    external: true\n    driver: local\n";
    let a = run(text);
    expect(text, &a, "CP1109", "token");
    expect(text, &a, "CP1109", "conf");
    let d = expect(text, &a, "CP1109", "driver");
    assert_eq!(
        d.message,
        "conflicting parameters \"external\" and \"driver\" specified for volume \"data\""
    );
}

#[test]
fn develop_watch_needs_a_target() {
    let text = "services:\n  web:\n    image: nginx\n    develop:\n      watch:\n        - path: ./src\n          action: sync\n";
    let a = run(text);
    expect(text, &a, "CP1110", "sync");
}

#[test]
fn project_name_characters() {
    let text = "name: My App\nservices:\n  web:\n    image: nginx\n";
    expect(text, &run(text), "CP1111", "My App");
}

// ---- rules ---------------------------------------------------------------------

#[test]
fn version_is_obsolete_and_the_fix_removes_the_line() {
    let text = "version: '3.8'\nservices:\n  web:\n    image: nginx:1.27\n";
    let a = run(text);
    let d = expect(text, &a, "LL2001", "version");
    assert_eq!(
        d.message,
        "compose.yaml: the attribute `version` is obsolete, it will be ignored, please remove it to avoid potential confusion"
    );
    assert_eq!(
        apply_edits(text, &d.fixes[0].edits),
        "services:\n  web:\n    image: nginx:1.27\n"
    );
}

#[test]
fn service_healthy_without_healthcheck_is_an_error_at_the_condition() {
    let text = "services:\n  web:\n    image: my/web\n    depends_on:\n      db:\n        condition: service_healthy\n  db:\n    image: postgres:17\n";
    let a = run(text);
    let d = expect(text, &a, "LL2002", "service_healthy");
    assert_eq!(d.severity, Severity::Error);
    assert_eq!(d.related[0].range.slice(text), "db");
    let with_check =
        text.to_string() + "    healthcheck:\n      test: [\"CMD-SHELL\", \"pg_isready\"]\n";
    assert!(!codes(&run(&with_check)).contains(&"LL2002"));
    let disabled = text.to_string() + "    healthcheck:\n      disable: true\n";
    assert!(codes(&run(&disabled)).contains(&"LL2002"));
}

#[test]
fn literal_credentials_in_environment() {
    let text = "services:\n  db:\n    image: postgres:17\n    environment:\n      POSTGRES_PASSWORD: hunter2\n      POSTGRES_PASSWORD_FILE: /run/secrets/db\n      APP_TOKEN: ${TOKEN:-x}\n      - BAD\n";
    // (the last line makes the mapping invalid YAML; use valid forms below)
    let _ = text;
    let text = "services:\n  db:\n    image: postgres:17\n    environment:\n      - POSTGRES_PASSWORD=hunter2\n      - POSTGRES_PASSWORD_FILE=/run/secrets/db\n      - APP_TOKEN=${TOKEN:-x}\n      - DATABASE_URL=postgres://app:s3cret@db/app\n";
    let a = run(text);
    let found: Vec<&str> = a
        .diagnostics
        .iter()
        .filter(|d| d.code == "LL2003")
        .map(|d| d.range.slice(text))
        .collect();
    assert_eq!(found, ["hunter2", "postgres://app:s3cret@db/app"]);
}

#[test]
fn database_port_on_all_interfaces_with_a_fix() {
    let text = "services:\n  db:\n    image: postgres:17\n    ports:\n      - \"5432:5432\"\n      - \"127.0.0.1:5433:5432\"\n";
    let a = run(text);
    let d = expect(text, &a, "LL2004", "\"5432:5432\"");
    assert_eq!(
        apply_edits(text, &d.fixes[0].edits),
        text.replace("\"5432:5432\"", "\"127.0.0.1:5432:5432\"")
    );
    assert_eq!(
        a.diagnostics.iter().filter(|d| d.code == "LL2004").count(),
        1
    );
}

#[test]
fn host_privileges() {
    let text = "services:\n  agent:\n    image: my/agent\n    privileged: true\n    network_mode: host\n    pid: host\n    cap_add: [CAP_SYS_ADMIN]\n    volumes:\n      - /var/run/docker.sock:/var/run/docker.sock:ro\n";
    let a = run(text);
    for slice in ["true", "host", "CAP_SYS_ADMIN", "/var/run/docker.sock"] {
        expect(text, &a, "LL2005", slice);
    }
    assert_eq!(
        a.diagnostics.iter().filter(|d| d.code == "LL2005").count(),
        5
    );
}

#[test]
fn legacy_v1_file_is_recognised_once() {
    let text = "web:\n  image: nginx:1.27\n  links: [db]\ndb:\n  image: postgres:17\n";
    let a = run(text);
    let d = expect(text, &a, "LL2006", "web");
    assert!(d.message.contains("version 1"));
    assert_eq!(errors(&a).len(), 1, "{:?}", a.diagnostics);
    assert_eq!(a.model.unwrap().services.len(), 2);
}

#[test]
fn restart_policy_values() {
    let text = "services:\n  web:\n    image: nginx:1.27\n    restart: sometimes\n";
    let a = run(text);
    let d = expect(text, &a, "LL2009", "sometimes");
    assert_eq!(d.severity, Severity::Error);
    let text = "services:\n  web:\n    image: nginx:1.27\n    restart: on-failure:5\n";
    assert!(!codes(&run(text)).contains(&"LL2009"));
}

#[test]
fn duplicate_published_ports_across_services() {
    let text = "services:\n  a:\n    image: x\n    ports: [\"8080:80\"]\n  b:\n    image: y\n    ports: [\"8080:81\", \"127.0.0.1:9000:9000\"]\n  c:\n    image: z\n    ports: [\"127.0.0.2:9000:9000\", \"8080:80/udp\"]\n";
    let a = run(text);
    let found: Vec<&Diagnostic> = a
        .diagnostics
        .iter()
        .filter(|d| d.code == "LL2025")
        .collect();
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].range.start as usize, text.find("8080:81").unwrap());
}

#[test]
fn duplicate_container_names() {
    let text = "services:\n  a:\n    image: x\n    container_name: app\n  b:\n    image: y\n    container_name: app\n";
    let a = run(text);
    let d = expect(text, &a, "LL2036", "app");
    assert_eq!(d.range.start as usize, text.rfind("app").unwrap());
}

#[test]
fn unquoted_sexagesimal_port_gets_quoted() {
    let text = "services:\n  ssh:\n    image: x\n    ports:\n      - 22:22\n      - 8080:80\n";
    let a = run(text);
    let d = expect(text, &a, "LL2027", "22:22");
    assert_eq!(
        d.fixes[0].apply(text),
        text.replace("- 22:22", "- \"22:22\"")
    );
    assert_eq!(
        a.diagnostics.iter().filter(|d| d.code == "LL2027").count(),
        1
    );
}

#[test]
fn image_tags() {
    let text = "services:\n  a:\n    image: postgres\n  b:\n    image: \"nginx:latest\"\n  c:\n    image: redis:7@sha256:abc\n";
    let a = run(text);
    expect(text, &a, "LL2007", "postgres");
    expect(text, &a, "LL2007", "latest");
    assert_eq!(
        a.diagnostics.iter().filter(|d| d.code == "LL2007").count(),
        2
    );
}

// ---- cross-file ----------------------------------------------------------------

fn three_stage_facts() -> DockerfileFacts {
    let stage = |name: &str, user: Option<&str>| StageFacts {
        name: Some(name.to_string()),
        base_image: Some("node:18-alpine".to_string()),
        args: vec![],
        exposed_ports: if name == "runner" {
            vec!["3000".to_string()]
        } else {
            vec![]
        },
        user: user.map(String::from),
        has_healthcheck: false,
        installed_tools: vec![],
    };
    DockerfileFacts {
        stages: vec![
            stage("deps", None),
            stage("builder", None),
            stage("runner", Some("nextjs")),
        ],
        global_args: vec!["NODE_VERSION".to_string()],
    }
}

fn alpine_tools(base: &str, tool: &str) -> Option<bool> {
    base.contains("alpine").then_some(tool != "curl")
}

/// The compose file of the article (shared/seed/docker-in-production.txt,
/// "Docker Compose for Multi-Container Apps"), line numbers stripped.
const ARTICLE: &str = r#"# docker-compose.yml - Production-ready setup
version: '3.8'

services:
  app:
    build:
      context: .
      dockerfile: Dockerfile
      target: production
    ports:
      - "3000:3000"
    environment:
      DATABASE_URL: postgres://postgres:password@db:5432/myapp
      REDIS_URL: redis://cache:6379
      NODE_ENV: production
    depends_on:
      db:
        condition: service_healthy
      cache:
        condition: service_started
    restart: unless-stopped
    networks:
      - app-network
    volumes:
      - ./logs:/app/logs  # Persist logs
    healthcheck:
      test: ["CMD", "curl", "-f", "http://localhost:3000/health"]
      interval: 30s
      timeout: 10s
      retries: 3
      start_period: 40s

  db:
    image: postgres:15-alpine
    environment:
      POSTGRES_DB: myapp
      POSTGRES_USER: postgres
      POSTGRES_PASSWORD: ${DB_PASSWORD}  # Use .env file
    volumes:
      - postgres-data:/var/lib/postgresql/data
      - ./init.sql:/docker-entrypoint-initdb.d/init.sql
    ports:
      - "5432:5432"
    restart: unless-stopped
    networks:
      - app-network
    healthcheck:
      test: ["CMD-SHELL", "pg_isready -U postgres"]
      interval: 10s
      timeout: 5s
      retries: 5

  cache:
    image: redis:7-alpine
    ports:
      - "6379:6379"
    restart: unless-stopped
    networks:
      - app-network
    volumes:
      - redis-data:/data
    command: redis-server --appendonly yes

  nginx:
    image: nginx:alpine
    ports:
      - "80:80"
      - "443:443"
    volumes:
      - ./nginx.conf:/etc/nginx/nginx.conf:ro
      - ./ssl:/etc/nginx/ssl:ro
    depends_on:
      - app
    restart: unless-stopped
    networks:
      - app-network

volumes:
  postgres-data:
  redis-data:

networks:
  app-network:
    driver: bridge

"#;

#[test]
fn the_article_compose_file() {
    let resolver = |context: &str, dockerfile: &str| {
        (context == "." && dockerfile == "Dockerfile").then(three_stage_facts)
    };
    let a = analyze(
        &ComposeInput::new(ARTICLE)
            .with_file_name("docker-compose.yml")
            .with_dockerfiles(&resolver)
            .with_tools(&alpine_tools),
    );
    let text = ARTICLE;
    expect(text, &a, "LL2001", "version");
    expect(
        text,
        &a,
        "LL2003",
        "postgres://postgres:password@db:5432/myapp",
    );
    expect(text, &a, "LL2004", "\"5432:5432\"");
    expect(text, &a, "LL2004", "\"6379:6379\"");
    let d = expect(text, &a, "LL3001", "production");
    assert!(
        d.message.contains("\"deps\", \"builder\", \"runner\""),
        "{}",
        d.message
    );
    expect(text, &a, "LL1007", "\"curl\"");
    // The `${DB_PASSWORD}` value is not a literal credential, but is unset.
    expect(text, &a, "CP1008", "${DB_PASSWORD}");
    assert!(!a
        .diagnostics
        .iter()
        .any(|d| d.code == "LL2003" && d.range.slice(text) == "${DB_PASSWORD}"));
    let unexpected: Vec<&Diagnostic> = errors(&a)
        .into_iter()
        .filter(|d| d.code != "LL3001" && d.code != "LL1007")
        .collect();
    assert!(unexpected.is_empty(), "{unexpected:?}");
}

#[test]
fn build_args_ports_and_user_against_the_dockerfile() {
    let text = "services:\n  app:\n    build:\n      context: .\n      target: runer\n      args:\n        NODE_VERSOIN: \"22\"\n        HTTP_PROXY: http://proxy\n    ports: [\"8080:8080\"]\n  worker:\n    build:\n      context: .\n      target: deps\n";
    let resolver = |_: &str, _: &str| Some(three_stage_facts());
    let a = analyze(&ComposeInput::new(text).with_dockerfiles(&resolver));
    let d = expect(text, &a, "LL3001", "runer");
    assert!(d.message.contains("did you mean \"runner\""));
    assert_eq!(
        d.fixes[0].apply(text),
        text.replace("target: runer", "target: runner")
    );
    let d = expect(text, &a, "LL3002", "NODE_VERSOIN");
    assert!(d.message.contains("did you mean \"NODE_VERSION\""));
    assert_eq!(
        a.diagnostics.iter().filter(|d| d.code == "LL3002").count(),
        1
    );
    // worker builds `deps`, which has no USER; app targets a missing stage.
    let d = a.diagnostics.iter().find(|d| d.code == "LL3004").unwrap();
    assert!(d.message.contains("\"worker\""));
    let text = text.replace("runer", "runner");
    let a = analyze(&ComposeInput::new(&text).with_dockerfiles(&resolver));
    expect(&text, &a, "LL3003", "8080");
}

#[test]
fn healthcheck_tool_of_an_image_service() {
    let text = "services:\n  web:\n    image: nginx:alpine\n    healthcheck:\n      test: curl -f http://localhost || exit 1\n";
    let a = analyze(&ComposeInput::new(text).with_tools(&alpine_tools));
    expect(text, &a, "LL1007", "curl -f http://localhost || exit 1");
}

// ---- model and resolved view -------------------------------------------------------

#[test]
fn model_normalises_short_syntax_and_serialises_camel_case() {
    let text = "services:\n  web:\n    image: nginx:1.27\n    ports: [\"127.0.0.1:8000-8001:80-81/udp\"]\n    volumes: [\"./site:/usr/share/nginx/html:ro\", \"cache:/var/cache\"]\n    environment: [A=1, B]\n    depends_on: [db]\n    stop_grace_period: 1m30s\n    mem_limit: 512m\n  db:\n    image: postgres:17\nvolumes:\n  cache:\n";
    let a = run(text);
    assert!(errors(&a).is_empty(), "{:?}", a.diagnostics);
    let model = a.model.as_ref().unwrap();
    let web = model.service("web").unwrap();
    let port = &web.ports[0];
    assert_eq!(
        port.host_ip.as_ref().unwrap().range.slice(text),
        "127.0.0.1"
    );
    assert_eq!(
        port.published.as_ref().unwrap().range.slice(text),
        "8000-8001"
    );
    assert_eq!(port.target.range.slice(text), "80-81");
    assert_eq!(port.protocol, "udp");
    assert!(web.volumes[0].read_only);
    assert_eq!(
        web.volumes[1].source.as_ref().unwrap().range.slice(text),
        "cache"
    );
    assert!(web.environment[1].value.is_none());
    assert_eq!(
        web.stop_grace_period.as_ref().unwrap().value,
        90_000_000_000
    );
    assert_eq!(web.mem_limit.as_ref().unwrap().value, 512 * 1024 * 1024);
    let json = serde_json::to_value(model).unwrap();
    assert!(json["services"][0]["dependsOn"][0]["condition"]["value"] == "service_started");
    assert!(json["services"][0]["stopGracePeriod"].is_object());

    let resolved = a.resolved.as_ref().unwrap();
    let ports = resolved["services"]["web"]["ports"].as_array().unwrap();
    assert_eq!(ports.len(), 2);
    assert_eq!(ports[1]["published"], "8001");
    assert_eq!(ports[1]["target"], 81);
    assert_eq!(
        resolved["services"]["web"]["environment"]["B"],
        serde_json::Value::Null
    );
    assert_eq!(
        resolved["services"]["web"]["depends_on"]["db"]["condition"],
        "service_started"
    );
    assert_eq!(resolved["services"]["web"]["volumes"][0]["type"], "bind");
    assert!(resolved["networks"]["default"].is_object());
    let serialised = serde_json::to_value(&a).unwrap();
    assert!(serialised["model"]["services"].is_array());
    assert!(serialised["resolved"]["services"]["web"].is_object());
    let yaml = a.resolved_yaml().unwrap();
    assert!(yaml.contains("services:\n  db:\n"), "{yaml}");
}

#[test]
fn every_compose_code_is_documented() {
    let rules = layerlab::compose::rules::RULES;
    let mut codes: Vec<&str> = rules.iter().map(|r| r.code).collect();
    codes.sort_unstable();
    let before = codes.len();
    codes.dedup();
    assert_eq!(before, codes.len(), "duplicate codes");
    for rule in rules {
        let docs = rule.documentation();
        for section in ["## What it does", "## Why is this bad?", "## Example"] {
            assert!(docs.contains(section), "{} lacks {section}", rule.code);
        }
        assert!(rule.url.starts_with("https://"), "{}", rule.code);
    }
    for fixed in [
        "LL2001", "LL2002", "LL2003", "LL2004", "LL2005", "LL2006", "LL3001", "LL3002",
    ] {
        assert!(codes.contains(&fixed), "{fixed} missing");
    }
    // LL1007 is one rule for Dockerfile and compose healthchecks; it is
    // documented once, with the Dockerfile rules.
    assert!(
        layerlab::rules::lookup("LL1007").is_some_and(|r| r.documentation().contains("Compose"))
    );
}

#[test]
fn hostile_shapes_stay_linear() {
    // Many services publishing one port: one finding per extra service.
    let mut text = String::from("services:\n");
    for i in 0..2000 {
        text.push_str(&format!(
            "  s{i}:\n    image: x:1\n    ports: [\"8080:80\"]\n    depends_on: [s0]\n"
        ));
    }
    let a = run(&text);
    let duplicates = a.diagnostics.iter().filter(|d| d.code == "LL2025").count();
    assert_eq!(duplicates, 1999);
    // Two documents with many keys merge key by key.
    let mut text = String::from("x-big:\n");
    for i in 0..10_000 {
        text.push_str(&format!("  k{i}: 1\n"));
    }
    text.push_str("services:\n  web:\n    image: x\n---\nx-big:\n");
    for i in 0..10_000 {
        text.push_str(&format!("  k{i}: 2\n"));
    }
    let a = run(&text);
    assert!(errors(&a).is_empty());
    let big = &a.resolved.as_ref().unwrap()["x-big"];
    assert_eq!(big.as_object().unwrap().len(), 10_000);
    assert_eq!(big["k9999"], 2);
}
