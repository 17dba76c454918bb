//! BuildKit's checks against the 86 real Dockerfiles of the corpus (with
//! the `.dockerignore` files that sit next to some of them).
//!
//! Every count below was checked by hand against the files (see the
//! comments); the test fails when a count changes, so a change of a rule's
//! behaviour on real files is always deliberate. Every fix a BuildKit
//! check offers on the corpus is applied, and the result must parse and
//! trigger the check less often.

use layerlab::diagnostic::{apply_edits, TextEdit};
use layerlab::report::ReportDiagnostic;
use layerlab::rules::Origin;
use layerlab::{analyze, AnalyzeInput, AnalyzeOptions, Severity};
use std::collections::BTreeMap;
use std::fs;
use std::path::PathBuf;

struct CorpusFile {
    name: String,
    dockerfile: String,
    dockerignore: Option<String>,
}

fn corpus_dir() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/corpus"))
}

/// Every corpus Dockerfile. A `.dockerignore` belongs to the Dockerfile of
/// the same directory: `repo__dir_Dockerfile` ↔ `repo__dir_.dockerignore`.
fn corpus() -> Vec<CorpusFile> {
    let dir = corpus_dir();
    let mut files: Vec<CorpusFile> = fs::read_dir(dir.join("dockerfiles"))
        .expect("corpus directory ../shared/corpus/dockerfiles")
        .map(|entry| {
            let path = entry.expect("dir entry").path();
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let dockerfile = fs::read_to_string(&path).expect("utf-8 Dockerfile");
            let dockerignore = name
                .strip_suffix("Dockerfile")
                .map(|prefix| {
                    dir.join("dockerignore")
                        .join(format!("{prefix}.dockerignore"))
                })
                .and_then(|p| fs::read_to_string(p).ok());
            CorpusFile {
                name,
                dockerfile,
                dockerignore,
            }
        })
        .collect();
    files.sort_by(|a, b| a.name.cmp(&b.name));
    files
}

fn is_buildkit(code: &str) -> bool {
    layerlab::rules::lookup(code).is_some_and(|r| r.origin == Origin::Buildkit)
}

/// All findings for one Dockerfile, experimental BuildKit checks included.
fn analyze_file(dockerfile: &str, dockerignore: Option<&str>) -> Vec<ReportDiagnostic> {
    let mut options = AnalyzeOptions::default();
    options.config.overrides.insert(
        "InvalidDefinitionDescription".to_string(),
        Severity::Warning,
    );
    options.today = Some("2026-11-28".to_string());
    let mut input = AnalyzeInput {
        options,
        ..AnalyzeInput::default()
    };
    input
        .files
        .insert("Dockerfile".to_string(), dockerfile.to_string());
    if let Some(ignore) = dockerignore {
        input
            .files
            .insert(".dockerignore".to_string(), ignore.to_string());
    }
    analyze(&input).diagnostics
}

/// `(file, finding)` for every BuildKit finding on the corpus.
fn buildkit_findings(files: &[CorpusFile]) -> Vec<(&CorpusFile, ReportDiagnostic)> {
    let mut found = Vec::new();
    for file in files {
        for d in analyze_file(&file.dockerfile, file.dockerignore.as_deref()) {
            if is_buildkit(&d.code) {
                found.push((file, d));
            }
        }
    }
    found
}

/// Hand-checked counts per check on the corpus.
const EXPECTED: &[(&str, usize)] = &[
    // No stage name of the corpus has capitals, no FROM keyword is
    // mixed-case or minority-cased, no stage name repeats or is reserved.
    ("StageNameCasing", 0),
    ("ConsistentInstructionCasing", 0),
    ("DuplicateStageName", 0),
    ("ReservedStageName", 0),
    // `FROM image as name` in 21 awesome-compose Dockerfiles (25 lines).
    ("FromAsCasing", 25),
    // No blank line inside a continued instruction.
    ("NoEmptyContinuation", 0),
    // `CMD java -jar /app.jar` in the two sparkjava Dockerfiles; the
    // Windows python files have SHELL set, every other CMD is exec form.
    ("JSONArgsRecommended", 2),
    ("MaintainerDeprecated", 0),
    // Every FROM variable is a declared global ARG or $BUILDPLATFORM.
    ("UndefinedArgInFrom", 0),
    ("InvalidDefaultArgInFrom", 0),
    // Every WORKDIR is absolute.
    ("WorkdirRelativePath", 0),
    // Builder-expanded variables are all defined (RUN is not checked).
    ("UndefinedVar", 0),
    // Files with several CMDs have them in different stages.
    ("MultipleInstructionsDisallowed", 0),
    // `ENV KEY value`: python's LANG, GPG_KEY, PYTHON_VERSION, … (168),
    // node 0.x (12), and five awesome-compose files (15: `ENV NODE_ENV
    // $NODE_ENV`, `ENV CGO_ENABLED 0`, …).
    ("LegacyKeyValueFormat", 195),
    // The six Windows python images, in the default linux/amd64 build.
    ("InvalidBaseImagePlatform", 6),
    ("RedundantTargetPlatform", 0),
    // `ENV GPG_KEY` in the 24 python images of 3.10 to 3.13 (the `KEY`
    // word; BuildKit flags it too, although it is a public key id).
    ("SecretsUsedInArgOrEnv", 24),
    // `--platform` is always `$BUILDPLATFORM`.
    ("FromPlatformFlagConstDisallowed", 0),
    // The 7 .dockerignore files exclude node_modules, .git, target, …,
    // which no COPY names.
    ("CopyIgnoredFile", 0),
    // Prose comments directly above FROM/ARG in three awesome-compose
    // files (experimental, enabled for this test).
    ("InvalidDefinitionDescription", 5),
    ("ExposeProtoCasing", 0),
    ("ExposeInvalidFormat", 0),
];

#[test]
fn buildkit_checks_on_the_corpus() {
    let files = corpus();
    assert_eq!(files.len(), 86, "the corpus holds 86 Dockerfiles");
    let found = buildkit_findings(&files);

    let mut by_rule: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for (file, d) in &found {
        by_rule
            .entry(d.code.as_str())
            .or_default()
            .push(format!("{}:{}: {}", file.name, d.line, d.message));
    }
    let mut report = String::new();
    for (code, expected) in EXPECTED {
        let list = by_rule.get(code).map(Vec::as_slice).unwrap_or(&[]);
        report.push_str(&format!("{code}: {} (expected {expected})\n", list.len()));
        for line in list {
            report.push_str(&format!("    {line}\n"));
        }
    }
    println!("{report}");

    assert_eq!(EXPECTED.len(), 22, "every BuildKit check has a count");
    for (code, expected) in EXPECTED {
        let actual = by_rule.get(code).map_or(0, Vec::len);
        assert_eq!(actual, *expected, "{code} on the corpus:\n{report}");
    }

    // The hand check, as far as it can be written down.
    for (file, d) in &found {
        match d.code.as_str() {
            "FromAsCasing" => assert!(file.name.starts_with("awesome-compose__")),
            "SecretsUsedInArgOrEnv" => assert!(d.message.contains("(ENV \"GPG_KEY\")")),
            "InvalidBaseImagePlatform" => assert!(file.name.contains("windowsservercore")),
            "JSONArgsRecommended" => assert!(file.name.contains("sparkjava")),
            _ => {}
        }
    }
}

#[test]
fn every_fix_on_the_corpus_parses_and_removes_its_finding() {
    let files = corpus();
    let found = buildkit_findings(&files);
    let mut applied = 0;
    for (file, d) in &found {
        let Some(fix) = d.fixes.first() else {
            continue;
        };
        let edits: Vec<TextEdit> = fix
            .edits
            .iter()
            .map(|e| TextEdit::replace(e.range, e.new_text.clone()))
            .collect();
        let fixed = apply_edits(&file.dockerfile, &edits);
        let count = |text: &str| {
            analyze_file(text, file.dockerignore.as_deref())
                .into_iter()
                .filter(|x| x.code == d.code || x.code == "DL1000")
                .fold((0, 0), |(same, syntax), x| {
                    if x.code == "DL1000" {
                        (same, syntax + 1)
                    } else {
                        (same + 1, syntax)
                    }
                })
        };
        let (before, syntax_before) = count(&file.dockerfile);
        let (after, syntax_after) = count(&fixed);
        assert_eq!(syntax_before, 0, "{}: syntax errors before", file.name);
        assert_eq!(
            syntax_after, 0,
            "{}:{} fix '{}' of {} breaks the file",
            file.name, d.line, fix.title, d.code
        );
        assert!(
            after < before,
            "{}:{} fix '{}' of {} does not remove the finding",
            file.name,
            d.line,
            fix.title,
            d.code
        );
        applied += 1;
    }
    // FromAsCasing (25), LegacyKeyValueFormat (all but values with quotes
    // or escapes) and the two JSONArgsRecommended CMDs have fixes.
    assert!(applied >= 25 + 2, "only {applied} fixes applied");
    println!("{applied} fixes applied");
}
