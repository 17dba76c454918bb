use super::common::final_chain;
use crate::diagnostic::{Diagnostic, Severity};
use crate::dockerfile::model::{Base, Stage};
use crate::images::{self, Date, EndOfLife};
use crate::rules::dockerfile::{Checker, DockerfileRule};
use crate::rules::RuleMeta;

crate::declare_rule! {
    /// ## What it does
    /// Checks the base image of every stage the build needs against
    /// Layerlab's dated end-of-life table (`node:18` ended 2025-04-30,
    /// `python:3.8` 2024-10-07, Debian 10 2022-09-10, …). It warns once the
    /// version line is past its end of life and gives an info finding when
    /// the date is less than 90 days away. Distribution codenames in a tag
    /// (`node:20-buster`, `rust:1-bullseye`) are checked too, since the OS
    /// underneath stops getting fixes on its own schedule.
    ///
    /// Images are checked after `ARG` expansion, so `FROM ${BASE}` with
    /// `ARG BASE=node:18` is judged as `node:18`. Build stages that do not
    /// end up in the final image are reported at info level; Debian
    /// releases still covered by Debian LTS are reported at info level too.
    ///
    /// ## Why is this bad?
    /// After end of life the maintainers publish no more security fixes:
    /// new vulnerabilities in the runtime or the distribution stay open, the
    /// official image tag stops being rebuilt, and scanners start failing
    /// the image. Upgrading is also easier one line at a time than after
    /// years of drift.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:18-alpine
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM node:22-alpine
    /// ```
    ///
    /// ## Fix
    /// Move to a supported version line (the message suggests the nearest one
    /// with more than 90 days of support left) and test the application on
    /// it. No automatic fix: a major upgrade can change behaviour.
    ///
    /// ## References
    /// - [endoflife.date](https://endoflife.date/)
    /// - [Node.js releases](https://nodejs.org/en/about/previous-releases)
    /// - [Python versions](https://devguide.python.org/versions/)
    /// - [Best practices: choose the right base image](https://docs.docker.com/build/building/best-practices/#choose-the-right-base-image)
    pub struct BaseImageEndOfLife {
        code: "LL1004",
        name: "base-image-end-of-life",
        origin: Layerlab,
        target: Dockerfile,
        severity: Warning,
        category: Security,
        summary: "The base image's version line is past (or near) its end of life",
        url: "https://endoflife.date/",
    }
}

/// How many days ahead an end of life is announced at info level.
const WARNING_WINDOW_DAYS: i64 = 90;

/// The nearest newer line of the image's family with more than the warning
/// window of support left (lines without a published date count as
/// supported), e.g. `node 22` for `node:18`.
fn suggested_line(reference: &str, eol: &EndOfLife, today: Date) -> Option<String> {
    let resolved = images::lookup(reference)?;
    let family = resolved.entry.family();
    let current = version(&eol.line);
    // Every line the catalog knows a date for (or describes without one).
    let described = images::entries()
        .iter()
        .filter(|e| e.family == family.name && !e.line.is_empty())
        .map(|e| (e.line, e.end_of_life));
    let dated = family
        .eol_lines
        .iter()
        .map(|(line, date)| (*line, Some(*date)));
    let mut lines: Vec<(&str, Vec<u32>, Option<Date>)> = described
        .chain(dated)
        .filter(|(_, date)| date.is_none_or(|d| today.days_until(d) > WARNING_WINDOW_DAYS))
        .map(|(line, date)| (line, version(line), date))
        .filter(|(_, v, _)| !v.is_empty() && *v > current)
        .collect();
    lines.sort_by(|a, b| a.1.cmp(&b.1));
    let (line, _, until) = lines.first()?;
    let name = family.name;
    Some(match until {
        Some(date) => format!("{name} {line} (supported until {date})"),
        None => format!("{name} {line}"),
    })
}

/// Whether an end of life is passed or within the warning window.
fn due(eol: &EndOfLife) -> bool {
    eol.passed || eol.days_left <= WARNING_WINDOW_DAYS
}

fn version(line: &str) -> Vec<u32> {
    line.split('.')
        .map_while(|part| part.parse::<u32>().ok())
        .collect()
}

/// The end of life of the distribution a tag names by codename
/// (`node:20-buster` → Debian 10), for images of other families.
fn codename_end_of_life(reference: &str, today: Date) -> Option<(String, &'static str, EndOfLife)> {
    // Distro images are judged by their own line; other images, known to
    // the catalog or not (`buildpack-deps:bookworm`), by the codename.
    if images::lookup(reference).is_some_and(|r| matches!(r.entry.family, "debian" | "ubuntu")) {
        return None;
    }
    let parsed = images::parse_reference(reference).ok()?;
    let tag = parsed.tag_text(reference)?;
    for word in tag.split('-') {
        if word.len() < 4 || !word.bytes().all(|b| b.is_ascii_lowercase()) {
            continue;
        }
        for distro in ["debian", "ubuntu"] {
            let Some(family) = images::family_by_name(distro) else {
                continue;
            };
            let candidate = format!("{distro}:{word}");
            let Some(named) = images::lookup(&candidate) else {
                continue;
            };
            // A word that is not a codename resolves to the family default.
            if named.requested_line.as_deref() == Some(family.default_line)
                || named.requested_line.is_none()
            {
                continue;
            }
            if let Some(eol) = images::end_of_life(&candidate, today) {
                let name = if distro == "debian" {
                    "Debian"
                } else {
                    "Ubuntu"
                };
                return Some((format!("{name} {} ({word})", eol.line), distro, eol));
            }
        }
    }
    None
}

impl DockerfileRule for BaseImageEndOfLife {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, checker: &Checker<'_>, out: &mut Vec<Diagnostic>) {
        let final_stages: Vec<usize> = final_chain(checker.model).iter().map(|s| s.index).collect();
        // The stages built from each image, in file order: one finding per
        // image, at a stage of the final image when there is one.
        let mut uses: Vec<(&str, Vec<&Stage>)> = Vec::new();
        for stage in checker.model.stages.iter().filter(|s| s.needed) {
            let Base::Image { reference } = &stage.base else {
                continue;
            };
            match uses.iter_mut().find(|(r, _)| r == reference) {
                Some((_, stages)) => stages.push(stage),
                None => uses.push((reference, vec![stage])),
            }
        }
        for (reference, stages) in uses {
            let shipped = stages.iter().any(|s| final_stages.contains(&s.index));
            let primary = stages
                .iter()
                .copied()
                .find(|s| final_stages.contains(&s.index))
                .or_else(|| stages.first().copied());
            let Some(primary) = primary else {
                continue;
            };
            let use_ = Use {
                primary,
                others: stages
                    .iter()
                    .copied()
                    .filter(|s| s.index != primary.index)
                    .collect(),
                shipped,
            };
            let own = images::end_of_life(reference, checker.today).filter(due);
            if let Some(eol) = own {
                let family = images::lookup(reference).map(|r| r.entry.family);
                let subject = format!("`{reference}` ({} {})", family.unwrap_or(""), eol.line);
                let advice = suggested_line(reference, &eol, checker.today)
                    .map(|line| format!("Move to {line}"))
                    .unwrap_or_else(|| "Move to a supported version line".to_string());
                let subject = Subject {
                    text: subject,
                    family,
                    advice,
                };
                self.report(checker, &use_, &subject, &eol, out);
            } else if let Some((distro, family, eol)) =
                codename_end_of_life(reference, checker.today).filter(|(_, _, eol)| due(eol))
            {
                let subject = format!("`{reference}` is built on {distro}, which");
                let advice =
                    "Use a tag of the same image on a supported release (or without a codename)"
                        .to_string();
                let subject = Subject {
                    text: subject,
                    family: Some(family),
                    advice,
                };
                self.report(checker, &use_, &subject, &eol, out);
            }
        }
    }
}

/// What is reported on: the image (or its OS), the family whose support
/// rules apply, and the advice.
struct Subject<'a> {
    text: String,
    family: Option<&'a str>,
    advice: String,
}

/// The stages that start from one image.
struct Use<'a> {
    /// Where the finding goes.
    primary: &'a Stage,
    others: Vec<&'a Stage>,
    /// Whether any of them is part of the final image.
    shipped: bool,
}

impl BaseImageEndOfLife {
    fn report(
        &self,
        checker: &Checker<'_>,
        use_: &Use<'_>,
        subject: &Subject<'_>,
        eol: &EndOfLife,
        out: &mut Vec<Diagnostic>,
    ) {
        let Subject {
            text: subject,
            family,
            advice,
        } = subject;
        let family = *family;
        let days = eol.days_left;
        let (severity, what) = if eol.passed {
            // Debian LTS keeps publishing fixes for the release after its
            // standard support ends.
            let lts = eol
                .extended
                .filter(|until| family == Some("debian") && checker.today.days_until(*until) > 0);
            match lts {
                Some(until) => (
                    Severity::Info,
                    format!(
                        "{subject} left standard support on {}; Debian LTS covers it until {until}",
                        eol.date
                    ),
                ),
                None => (
                    Severity::Warning,
                    format!(
                        "{subject} reached end of life on {} ({} days ago) and gets no more security fixes",
                        eol.date,
                        -days
                    ),
                ),
            }
        } else if days <= WARNING_WINDOW_DAYS {
            (
                Severity::Info,
                format!(
                    "{subject} reaches end of life on {} (in {days} days)",
                    eol.date
                ),
            )
        } else {
            return;
        };
        let (severity, scope) = if use_.shipped {
            (severity, String::new())
        } else {
            let labels: Vec<String> = std::iter::once(use_.primary)
                .chain(use_.others.iter().copied())
                .map(|s| format!("`{}`", s.label()))
                .collect();
            (
                Severity::Info,
                format!(
                    " (only build stage{} {}, not shipped)",
                    if labels.len() == 1 { "" } else { "s" },
                    super::common::list(&labels, 4)
                ),
            )
        };
        let also = if use_.others.is_empty() {
            String::new()
        } else {
            let lines: Vec<String> = use_
                .others
                .iter()
                .map(|s| checker.line(s.base_range.start()).to_string())
                .collect();
            format!(
                " Also used on line{} {}.",
                if lines.len() == 1 { "" } else { "s" },
                super::common::list(&lines, 6)
            )
        };
        let mut diagnostic = checker.diagnostic(
            &Self::META,
            use_.primary.base_range,
            format!("{what}{scope}. {advice}.{also}"),
        );
        for other in &use_.others {
            diagnostic = diagnostic.with_related(other.base_range, "the same image");
        }
        diagnostic.severity = severity;
        out.push(diagnostic);
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{range_text, Setup};
    use crate::diagnostic::Severity;
    use crate::lint::test_support::{codes, findings};

    const CODE: &str = "LL1004";

    #[test]
    fn node_18_is_past_its_end_of_life() {
        let text = "FROM node:18\nCMD [\"node\"]\n";
        let found = findings(text, CODE);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].severity, Severity::Warning);
        assert_eq!(range_text(text, &found[0]), "node:18");
        assert!(
            found[0].message.contains("2025-04-30"),
            "{}",
            found[0].message
        );
        assert!(
            found[0].message.contains("Move to node 22"),
            "{}",
            found[0].message
        );
        assert_eq!(codes("FROM node:18-alpine AS deps\n", CODE), [1]);
        assert_eq!(codes("FROM python:3.8-slim\n", CODE), [1]);
        // Lines known only by their end-of-life date count as upgrade targets.
        let found = findings("FROM php:8.0-apache\n", CODE);
        assert!(
            found[0]
                .message
                .contains("Move to php 8.3 (supported until 2027-12-31)"),
            "{}",
            found[0].message
        );
    }

    #[test]
    fn supported_lines_are_fine() {
        assert!(codes("FROM node:24-slim\n", CODE).is_empty());
        assert!(codes("FROM python:3.13\n", CODE).is_empty());
        assert!(codes("FROM golang:1.26\n", CODE).is_empty());
        assert!(codes("FROM registry.example.com/base:1\n", CODE).is_empty());
        assert!(codes("FROM scratch\n", CODE).is_empty());
    }

    #[test]
    fn info_within_ninety_days() {
        let setup = Setup {
            today: Some("2027-03-01"),
            ..Setup::default()
        };
        let found = setup.findings("FROM node:22\n", CODE);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].severity, Severity::Info);
        assert!(
            found[0].message.contains("in 60 days"),
            "{}",
            found[0].message
        );
    }

    #[test]
    fn arg_based_images_are_checked_as_their_value() {
        let text = "ARG BASE=node:18-alpine\nFROM ${BASE}\n";
        let found = findings(text, CODE);
        assert_eq!(range_text(text, &found[0]), "${BASE}");
        assert!(found[0].message.contains("`node:18-alpine`"));
    }

    #[test]
    fn build_stages_are_info_and_unneeded_stages_are_skipped() {
        let text = "FROM node:18 AS build\nRUN npm ci\nFROM node:16 AS unused\nFROM gcr.io/distroless/nodejs22-debian12\nCOPY --from=build /app /app\n";
        let found = findings(text, CODE);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].line, 1);
        assert_eq!(found[0].severity, Severity::Info);
        assert!(
            found[0].message.contains("only build stage `build`"),
            "{}",
            found[0].message
        );
    }

    #[test]
    fn one_finding_per_image_at_the_shipped_stage() {
        let text = "FROM node:18-alpine AS deps\nRUN npm ci\nFROM node:18-alpine AS build\nRUN npm run build\nFROM node:18-alpine\nCOPY --from=build /app /app\nCOPY --from=deps /app/node_modules /app/node_modules\n";
        let found = findings(text, CODE);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].line, 5);
        assert_eq!(found[0].severity, Severity::Warning);
        assert!(
            found[0].message.contains("Also used on lines 1 and 3"),
            "{}",
            found[0].message
        );
        assert_eq!(found[0].related.len(), 2);
    }

    #[test]
    fn codenames_in_tags_name_the_os_underneath() {
        let found = findings("FROM node:26-buster\n", CODE);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].message.contains("Debian 10 (buster)"),
            "{}",
            found[0].message
        );
        assert!(codes("FROM node:26-trixie-slim\n", CODE).is_empty());
        // Images outside the catalog too.
        let found = findings("FROM buildpack-deps:buster\n", CODE);
        assert!(found[0].message.contains("Debian 10 (buster)"), "{found:?}");
        // Ubuntu's extended support is paid (ESM): a warning, not Debian LTS.
        let found = findings("FROM eclipse-temurin:21-jre-focal\n", CODE);
        assert_eq!(found[0].severity, Severity::Warning, "{}", found[0].message);
        assert!(found[0].message.contains("Ubuntu 20.04 (focal)"));
        // Debian LTS still publishes fixes: info.
        let found = findings("FROM debian:bookworm-slim\n", CODE);
        assert_eq!(found[0].severity, Severity::Info);
        assert!(found[0].message.contains("Debian LTS"));
        assert!(codes("FROM node:26-alpine\n", CODE).is_empty());
    }

    #[test]
    fn a_pragma_silences_it() {
        assert!(codes("# hadolint ignore=LL1004\nFROM node:18\n", CODE).is_empty());
    }
}
