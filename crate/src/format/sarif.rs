//! `--format sarif`: SARIF 2.1.0, what code-scanning services ingest.
//!
//! One run with one tool (`layerlab`). Every code that occurs in the report
//! becomes a `reportingDescriptor` with the rule's metadata from
//! [`crate::rules::lookup`]; codes without metadata still get an entry so
//! each result's `ruleIndex` is valid. Regions use 1-based lines and
//! columns counted in Unicode code points (`columnKind`), the end column
//! exclusive, plus the byte offset and length.

use crate::analyze::Report;
use crate::diagnostic::Severity;
use crate::report::{ReportDiagnostic, ReportFix};
use crate::rules;
use serde::Serialize;
use std::collections::BTreeMap;

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";
const INFORMATION_URI: &str = "https://github.com/layerlab/layerlab";

#[derive(Serialize)]
struct Log {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: Vec<Run>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run {
    tool: Tool,
    column_kind: &'static str,
    results: Vec<SarifResult>,
}

#[derive(Serialize)]
struct Tool {
    driver: Driver,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver {
    name: &'static str,
    version: String,
    information_uri: &'static str,
    rules: Vec<Rule>,
}

#[derive(Serialize)]
struct Text {
    text: String,
}

#[derive(Serialize)]
struct Markdown {
    text: String,
    markdown: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Rule {
    id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    short_description: Option<Text>,
    #[serde(skip_serializing_if = "Option::is_none")]
    full_description: Option<Markdown>,
    #[serde(skip_serializing_if = "Option::is_none")]
    help_uri: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    default_configuration: Option<Configuration>,
    #[serde(skip_serializing_if = "Option::is_none")]
    properties: Option<RuleProperties>,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
struct RuleProperties {
    tags: Vec<&'static str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult {
    rule_id: String,
    rule_index: usize,
    level: &'static str,
    message: Text,
    locations: Vec<Location>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_locations: Vec<RelatedLocation>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    fixes: Vec<SarifFix>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location {
    physical_location: PhysicalLocation,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RelatedLocation {
    id: usize,
    physical_location: PhysicalLocation,
    message: Text,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    region: Region,
}

#[derive(Serialize)]
struct ArtifactLocation {
    uri: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: u32,
    start_column: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_line: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_column: Option<u32>,
    byte_offset: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    byte_length: Option<u32>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifFix {
    description: Text,
    artifact_changes: Vec<ArtifactChange>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactChange {
    artifact_location: ArtifactLocation,
    replacements: Vec<Replacement>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Replacement {
    deleted_region: ByteRegion,
    inserted_content: Text,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ByteRegion {
    byte_offset: u32,
    byte_length: u32,
}

/// SARIF knows `error`, `warning` and `note`; info and style are notes.
fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info | Severity::Style => "note",
    }
}

fn rule_for(code: &str) -> Rule {
    match rules::lookup(code) {
        Some(meta) => {
            let docs = meta.documentation();
            Rule {
                id: code.to_string(),
                name: Some(meta.name),
                short_description: Some(Text {
                    text: meta.summary.to_string(),
                }),
                full_description: Some(Markdown {
                    text: docs.clone(),
                    markdown: docs,
                }),
                help_uri: Some(meta.url),
                default_configuration: Some(Configuration {
                    level: level(meta.severity),
                }),
                properties: Some(RuleProperties {
                    tags: vec![meta.category.as_str()],
                }),
            }
        }
        None => Rule {
            id: code.to_string(),
            name: None,
            short_description: None,
            full_description: None,
            help_uri: None,
            default_configuration: None,
            properties: None,
        },
    }
}

/// A file name as a URI reference: forward slashes, percent-encoded where a
/// URI needs it; absolute paths become `file://` URIs.
fn file_uri(path: &str) -> String {
    let path = path.replace('\\', "/");
    let is_drive =
        path.len() >= 2 && path.as_bytes()[1] == b':' && path.as_bytes()[0].is_ascii_alphabetic();
    let (prefix, rest) = if path.starts_with('/') {
        ("file://", path.as_str())
    } else if is_drive {
        ("file:///", path.as_str())
    } else {
        ("", path.as_str())
    };
    let mut out = String::from(prefix);
    for byte in rest.bytes() {
        let keep = byte.is_ascii_alphanumeric() || b"-._~/!$&'()*+,;=:@".contains(&byte);
        if keep {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

fn region(d: &ReportDiagnostic) -> Region {
    Region {
        start_line: d.line,
        start_column: d.column,
        end_line: Some(d.end_line),
        end_column: Some(d.end_column),
        byte_offset: d.range.start,
        byte_length: Some(d.range.end.saturating_sub(d.range.start)),
    }
}

fn fix(file: &str, fix: &ReportFix) -> SarifFix {
    SarifFix {
        description: Text {
            text: fix.title.clone(),
        },
        artifact_changes: vec![ArtifactChange {
            artifact_location: ArtifactLocation {
                uri: file_uri(file),
            },
            replacements: fix
                .edits
                .iter()
                .map(|edit| Replacement {
                    deleted_region: ByteRegion {
                        byte_offset: edit.range.start,
                        byte_length: edit.range.end.saturating_sub(edit.range.start),
                    },
                    inserted_content: Text {
                        text: edit.new_text.clone(),
                    },
                })
                .collect(),
        }],
    }
}

pub fn render(report: &Report) -> String {
    // Rules in code order; each result points at its rule by index.
    let codes: BTreeMap<&str, usize> = {
        let mut codes: Vec<&str> = report.diagnostics.iter().map(|d| d.code.as_str()).collect();
        codes.sort_unstable();
        codes.dedup();
        codes.into_iter().enumerate().map(|(i, c)| (c, i)).collect()
    };
    let rules = codes.keys().map(|code| rule_for(code)).collect();
    let results = report
        .diagnostics
        .iter()
        .map(|d| SarifResult {
            rule_id: d.code.clone(),
            rule_index: codes.get(d.code.as_str()).copied().unwrap_or(0),
            level: level(d.severity),
            message: Text {
                text: d.message.clone(),
            },
            locations: vec![Location {
                physical_location: PhysicalLocation {
                    artifact_location: ArtifactLocation {
                        uri: file_uri(&d.file),
                    },
                    region: region(d),
                },
            }],
            related_locations: d
                .related
                .iter()
                .enumerate()
                .map(|(i, r)| RelatedLocation {
                    id: i,
                    physical_location: PhysicalLocation {
                        artifact_location: ArtifactLocation {
                            uri: file_uri(&r.file),
                        },
                        region: Region {
                            start_line: r.line,
                            start_column: r.column,
                            end_line: None,
                            end_column: None,
                            byte_offset: r.range.start,
                            byte_length: Some(r.range.end.saturating_sub(r.range.start)),
                        },
                    },
                    message: Text {
                        text: r.message.clone(),
                    },
                })
                .collect(),
            fixes: d.fixes.iter().map(|f| fix(&d.file, f)).collect(),
        })
        .collect();
    let log = Log {
        schema: SCHEMA,
        version: "2.1.0",
        runs: vec![Run {
            tool: Tool {
                driver: Driver {
                    name: "layerlab",
                    version: report.version.clone(),
                    information_uri: INFORMATION_URI,
                    rules,
                },
            },
            column_kind: "unicodeCodePoints",
            results,
        }],
    };
    let mut out = serde_json::to_string_pretty(&log).unwrap_or_else(|_| "{}".to_string());
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::test_support::{empty_report, sample_report};
    use serde_json::Value;

    fn sarif() -> Value {
        serde_json::from_str(&render(&sample_report())).expect("valid JSON")
    }

    #[test]
    fn log_skeleton() {
        let log = sarif();
        assert_eq!(log["version"], "2.1.0");
        assert_eq!(log["$schema"], SCHEMA);
        let run = &log["runs"][0];
        assert_eq!(run["tool"]["driver"]["name"], "layerlab");
        assert_eq!(run["tool"]["driver"]["version"], "0.0.0-test");
        assert_eq!(run["columnKind"], "unicodeCodePoints");
        assert_eq!(run["results"].as_array().unwrap().len(), 4);
    }

    #[test]
    fn rules_carry_registry_metadata() {
        let log = sarif();
        let rules = log["runs"][0]["tool"]["driver"]["rules"]
            .as_array()
            .unwrap();
        let ids: Vec<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
        assert_eq!(ids, ["DL1000", "DL3006", "LL2001", "LL9999"]);
        let meta = rules::lookup("DL1000").unwrap();
        let syntax = &rules[0];
        assert_eq!(syntax["name"], meta.name);
        assert_eq!(syntax["shortDescription"]["text"], meta.summary);
        assert_eq!(syntax["fullDescription"]["text"], meta.documentation());
        assert!(syntax["fullDescription"]["markdown"]
            .as_str()
            .unwrap()
            .contains("## What it does"));
        assert_eq!(syntax["helpUri"], meta.url);
        assert_eq!(syntax["defaultConfiguration"]["level"], "error");
        // A code the registry does not know is still a valid descriptor.
        let unknown = rules.iter().find(|r| r["id"] == "LL9999").unwrap();
        assert_eq!(unknown.as_object().unwrap().len(), 1);
    }

    #[test]
    fn results_have_real_regions_and_rule_indices() {
        let log = sarif();
        let run = &log["runs"][0];
        let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
        for result in run["results"].as_array().unwrap() {
            let index = result["ruleIndex"].as_u64().unwrap() as usize;
            assert_eq!(rules[index]["id"], result["ruleId"]);
        }
        let form = &run["results"][1];
        assert_eq!(form["ruleId"], "DL1000");
        assert_eq!(form["level"], "error");
        let location = &form["locations"][0]["physicalLocation"];
        assert_eq!(location["artifactLocation"]["uri"], "Dockerfile");
        let region = &location["region"];
        assert_eq!(
            (
                &region["startLine"],
                &region["startColumn"],
                &region["endLine"],
                &region["endColumn"]
            ),
            (
                &Value::from(2),
                &Value::from(1),
                &Value::from(2),
                &Value::from(5)
            )
        );
        assert_eq!(region["byteOffset"], 17);
        assert_eq!(region["byteLength"], 4);
        let replacement = &form["fixes"][0]["artifactChanges"][0]["replacements"][0];
        assert_eq!(replacement["insertedContent"]["text"], "FROM");
        assert_eq!(replacement["deletedRegion"]["byteOffset"], 17);
        // Info and style are notes in SARIF.
        let levels: Vec<&str> = run["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["level"].as_str().unwrap())
            .collect();
        assert_eq!(levels, ["warning", "error", "note", "note"]);
    }

    #[test]
    fn file_names_become_uri_references() {
        assert_eq!(file_uri("Dockerfile"), "Dockerfile");
        assert_eq!(file_uri("app/Dockerfile.dev"), "app/Dockerfile.dev");
        assert_eq!(file_uri("my app/Dockerfile"), "my%20app/Dockerfile");
        assert_eq!(
            file_uri("/src/#1/Dockerfile"),
            "file:///src/%231/Dockerfile"
        );
        assert_eq!(
            file_uri("C:\\work\\Dockerfile"),
            "file:///C:/work/Dockerfile"
        );
        assert_eq!(file_uri("dé/Dockerfile"), "d%C3%A9/Dockerfile");
    }

    #[test]
    fn empty_report_has_no_results() {
        let log: Value = serde_json::from_str(&render(&empty_report())).unwrap();
        assert_eq!(log["runs"][0]["results"], Value::Array(vec![]));
        assert_eq!(
            log["runs"][0]["tool"]["driver"]["rules"],
            Value::Array(vec![])
        );
    }
}
