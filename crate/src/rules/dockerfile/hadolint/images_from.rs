//! The image a `FROM` names, after ARG expansion, for DL3006, DL3007 and
//! DL3026: `ARG BASE=node:20` / `FROM ${BASE}` is judged as `node:20`.

use super::runs::fully_resolved;
use crate::dockerfile::model::{Base, Stage};
use crate::images::{parse_reference, ImageReference};
use crate::lint::Checker;
use crate::text::TextRange;

/// A stage's base image with its parsed reference.
pub(super) struct FromImage<'c> {
    pub stage: &'c Stage,
    /// The reference after expansion (`node:20`).
    pub reference: &'c str,
    pub parsed: ImageReference,
}

impl FromImage<'_> {
    /// Whether the FROM used variables (`FROM ${BASE}`).
    pub fn via_variable(&self) -> bool {
        self.stage.base_text != self.reference
    }

    /// The source range of `part` (a range into the reference): exact when
    /// the FROM wrote the reference literally, else the whole image word.
    pub fn source_range(&self, part: TextRange) -> TextRange {
        let whole = self.stage.base_range;
        if self.via_variable() || whole.len() != self.reference.len() {
            return whole;
        }
        TextRange::new(whole.start() + part.start(), whole.start() + part.end())
    }

    /// ` (`${BASE}` is `node`)` when the FROM used variables, for messages.
    pub fn resolution_note(&self) -> String {
        if self.via_variable() {
            format!(" (`{}` is `{}`)", self.stage.base_text, self.reference)
        } else {
            String::new()
        }
    }
}

/// Every stage based on an image whose reference is fully known and valid.
/// Stages based on `scratch` or an earlier stage, references using a
/// variable without a value, and invalid references are skipped.
pub(super) fn from_images<'c>(checker: &'c Checker<'_>) -> Vec<FromImage<'c>> {
    checker
        .model
        .stages
        .iter()
        .filter_map(|stage| {
            let Base::Image { reference } = &stage.base else {
                return None;
            };
            if !fully_resolved(checker, stage.from_instruction, stage.base_range) {
                return None;
            }
            let parsed = parse_reference(reference).ok()?;
            Some(FromImage {
                stage,
                reference,
                parsed,
            })
        })
        .collect()
}
