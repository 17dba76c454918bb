//! Which instruction of the earlier Dockerfile each instruction of the new
//! one corresponds to, so a miss can name the component that changed.
//!
//! Stages pair up by name, then by position. Inside a pair of stages the
//! instructions are diffed like lines (common prefix and suffix first, then
//! a longest common subsequence of the rest); within each changed hunk an
//! inserted instruction pairs with a deleted one of the same keyword, so an
//! edited `RUN` is "the same step with another command", not a new one.

use crate::dockerfile::model::Model;
use crate::dockerfile::syntax::{Dockerfile, Instruction};
use std::collections::BTreeMap;

/// Above this many cells the middle of a hunk is not diffed (pairing falls
/// back to keyword order), so alignment stays linear-ish on huge inputs.
const MAX_LCS_CELLS: usize = 250_000;

/// The alignment of an "after" Dockerfile with a "before" one.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Alignment {
    /// For every after instruction, its before counterpart.
    pub instruction: Vec<Option<usize>>,
    /// For every after stage, its before counterpart.
    pub stage: Vec<Option<usize>>,
}

impl Alignment {
    pub(crate) fn before_of(&self, after_instruction: usize) -> Option<usize> {
        self.instruction.get(after_instruction).copied().flatten()
    }
}

/// The text an instruction is compared by: keyword, flags, arguments and
/// heredoc bodies, with runs of whitespace collapsed.
pub(crate) fn identity(instruction: &Instruction) -> String {
    let mut text = instruction.keyword.as_str().to_string();
    for flag in &instruction.flags {
        text.push(' ');
        text.push_str("--");
        text.push_str(&flag.name.text.to_ascii_lowercase());
        if let Some(value) = &flag.value {
            text.push('=');
            text.push_str(&value.text);
        }
    }
    text.push(' ');
    text.push_str(&instruction.args_text.text);
    for heredoc in &instruction.heredocs {
        text.push('\n');
        text.push_str(&heredoc.content);
    }
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The instruction indices of each stage, and of the instructions before
/// the first FROM (the global scope, `None`).
fn groups(file: &Dockerfile, model: &Model) -> Vec<(Option<usize>, Vec<usize>)> {
    let first_from = model
        .stages
        .first()
        .map_or(file.instructions.len(), |s| s.from_instruction);
    let mut out = vec![(None, (0..first_from).collect::<Vec<_>>())];
    for stage in &model.stages {
        out.push((
            Some(stage.index),
            stage.steps.iter().map(|s| s.instruction).collect(),
        ));
    }
    out
}

/// The alignment of a Dockerfile with itself.
pub(crate) fn same(file: &Dockerfile, model: &Model) -> Alignment {
    Alignment {
        instruction: (0..file.instructions.len()).map(Some).collect(),
        stage: (0..model.stages.len()).map(Some).collect(),
    }
}

/// Align `after` with `before`, whose instruction identities are given.
pub(crate) fn align(
    before_file: &Dockerfile,
    before_model: &Model,
    before_ids: &[String],
    after_file: &Dockerfile,
    after_model: &Model,
) -> Alignment {
    let mut stage = vec![None; after_model.stages.len()];
    let mut taken = vec![false; before_model.stages.len()];
    let mut by_name: BTreeMap<&str, usize> = BTreeMap::new();
    for before in before_model.stages.iter().rev() {
        if let Some(name) = &before.name {
            by_name.insert(name, before.index);
        }
    }
    for after in &after_model.stages {
        let found = after.name.as_deref().and_then(|n| by_name.get(n)).copied();
        if let Some(before) = found.filter(|&b| !taken[b]) {
            stage[after.index] = Some(before);
            taken[before] = true;
        }
    }
    for after in &after_model.stages {
        if stage[after.index].is_none() && after.index < taken.len() && !taken[after.index] {
            stage[after.index] = Some(after.index);
            taken[after.index] = true;
        }
    }

    let before_groups = groups(before_file, before_model);
    let after_groups = groups(after_file, after_model);
    let after_ids: Vec<String> = after_file.instructions.iter().map(identity).collect();
    let mut instruction = vec![None; after_file.instructions.len()];
    for (after_stage, after_list) in &after_groups {
        let before_stage = match after_stage {
            None => Some(None),
            Some(index) => stage[*index].map(Some),
        };
        let Some(before_stage) = before_stage else {
            continue;
        };
        let Some((_, before_list)) = before_groups.iter().find(|(s, _)| *s == before_stage) else {
            continue;
        };
        let a: Vec<&str> = before_list
            .iter()
            .map(|&i| before_ids.get(i).map_or("", String::as_str))
            .collect();
        let b: Vec<&str> = after_list.iter().map(|&i| after_ids[i].as_str()).collect();
        let keyword_a: Vec<_> = before_list
            .iter()
            .map(|&i| before_file.instructions[i].keyword)
            .collect();
        let keyword_b: Vec<_> = after_list
            .iter()
            .map(|&i| after_file.instructions[i].keyword)
            .collect();
        for (j, i) in pair_sequences(&a, &b, &keyword_a, &keyword_b) {
            instruction[after_list[j]] = Some(before_list[i]);
        }
    }
    Alignment { instruction, stage }
}

/// Pairs `(index in b, index in a)`: equal items via prefix, suffix and
/// LCS; then, inside each gap, items of the same kind in order.
fn pair_sequences<K: PartialEq>(
    a: &[&str],
    b: &[&str],
    kind_a: &[K],
    kind_b: &[K],
) -> Vec<(usize, usize)> {
    let mut prefix = 0;
    while prefix < a.len() && prefix < b.len() && a[prefix] == b[prefix] {
        prefix += 1;
    }
    let mut suffix = 0;
    while suffix < a.len() - prefix
        && suffix < b.len() - prefix
        && a[a.len() - 1 - suffix] == b[b.len() - 1 - suffix]
    {
        suffix += 1;
    }
    let mid_a = &a[prefix..a.len() - suffix];
    let mid_b = &b[prefix..b.len() - suffix];
    let mut equal: Vec<(usize, usize)> = (0..prefix).map(|i| (i, i)).collect();
    for (j, i) in lcs(mid_a, mid_b) {
        equal.push((prefix + j, prefix + i));
    }
    for k in 0..suffix {
        equal.push((b.len() - suffix + k, a.len() - suffix + k));
    }
    // Pair the gaps between equal anchors by kind, in order.
    let mut pairs = Vec::new();
    let (mut last_b, mut last_a) = (0usize, 0usize);
    let anchors = equal
        .iter()
        .copied()
        .chain(std::iter::once((b.len(), a.len())));
    for (anchor_b, anchor_a) in anchors {
        let mut next_a = last_a;
        for (j, kind) in kind_b.iter().enumerate().take(anchor_b).skip(last_b) {
            if let Some(offset) = kind_a
                .get(next_a..anchor_a)
                .and_then(|gap| gap.iter().position(|k| k == kind))
            {
                pairs.push((j, next_a + offset));
                next_a += offset + 1;
            }
        }
        if anchor_b < b.len() {
            pairs.push((anchor_b, anchor_a));
        }
        last_b = anchor_b + 1;
        last_a = anchor_a + 1;
    }
    pairs
}

/// Longest common subsequence as `(index in b, index in a)`; empty when the
/// table would be too large.
fn lcs(a: &[&str], b: &[&str]) -> Vec<(usize, usize)> {
    if a.is_empty() || b.is_empty() || a.len().saturating_mul(b.len()) > MAX_LCS_CELLS {
        return Vec::new();
    }
    let width = b.len() + 1;
    let mut table = vec![0u32; (a.len() + 1) * width];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            table[i * width + j] = if a[i] == b[j] {
                table[(i + 1) * width + j + 1] + 1
            } else {
                table[(i + 1) * width + j].max(table[i * width + j + 1])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    let mut out = Vec::new();
    while i < a.len() && j < b.len() {
        if a[i] == b[j] {
            out.push((j, i));
            i += 1;
            j += 1;
        } else if table[(i + 1) * width + j] >= table[i * width + j + 1] {
            i += 1;
        } else {
            j += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dockerfile::model::{self, ModelOptions};
    use crate::dockerfile::syntax::parse;

    fn aligned(before: &str, after: &str) -> Alignment {
        let (b, a) = (parse(before), parse(after));
        let options = ModelOptions::default();
        let ids: Vec<String> = b.dockerfile.instructions.iter().map(identity).collect();
        align(
            &b.dockerfile,
            &model::build(&b, &options),
            &ids,
            &a.dockerfile,
            &model::build(&a, &options),
        )
    }

    #[test]
    fn an_edited_run_pairs_with_its_old_version_and_inserted_lines_are_new() {
        let before = "FROM a\nWORKDIR /app\nRUN npm install\nCOPY . .\n";
        let after = "FROM a\nWORKDIR /app\nCOPY package.json .\nRUN npm ci\nCOPY . .\n";
        let alignment = aligned(before, after);
        assert_eq!(
            alignment.instruction,
            vec![Some(0), Some(1), None, Some(2), Some(3)]
        );
    }

    #[test]
    fn stages_pair_by_name_before_position() {
        let before = "FROM a AS deps\nRUN x\nFROM b AS app\nRUN y\n";
        let after = "FROM b AS app\nRUN y\nFROM a AS deps\nRUN x\n";
        let alignment = aligned(before, after);
        assert_eq!(alignment.stage, vec![Some(1), Some(0)]);
        assert_eq!(
            alignment.instruction,
            vec![Some(2), Some(3), Some(0), Some(1)]
        );
    }

    #[test]
    fn whitespace_and_comments_do_not_break_alignment() {
        let before = "ARG V=1\nFROM a\n# c\nRUN   echo  hi\n";
        let after = "ARG V=2\nFROM a\nRUN echo hi\n";
        let alignment = aligned(before, after);
        assert_eq!(alignment.instruction, vec![Some(0), Some(1), Some(2)]);
    }

    #[test]
    fn huge_gaps_fall_back_to_keyword_order() {
        let a: Vec<String> = (0..600).map(|i| format!("RUN a{i}")).collect();
        let b: Vec<String> = (0..600).map(|i| format!("RUN b{i}")).collect();
        let a_ref: Vec<&str> = a.iter().map(String::as_str).collect();
        let b_ref: Vec<&str> = b.iter().map(String::as_str).collect();
        let kinds = vec![0u8; 600];
        let pairs = pair_sequences(&a_ref, &b_ref, &kinds, &kinds);
        assert_eq!(pairs.len(), 600);
        assert_eq!(pairs[599], (599, 599));
    }
}
