//! `COPY --from=<ref>` references for DL3022, DL3023 and DL3026: what the
//! reference names once build arguments are expanded.

use crate::dockerfile::expand::{expand_word, ExpandOptions};
use crate::dockerfile::syntax::Keyword;
use crate::lint::Checker;
use crate::text::TextRange;
use std::collections::HashMap;

/// What a `--from` value refers to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum FromTarget {
    /// A stage defined before the COPY's stage (by name or index).
    EarlierStage,
    /// The COPY's own stage.
    OwnStage,
    /// Anything else: a later stage, an index out of range, an image or a
    /// named build context.
    Other,
}

/// One `COPY --from`.
pub(super) struct CopyFrom {
    /// The value after expansion.
    pub reference: String,
    /// The value as written, in the source.
    pub range: TextRange,
    pub target: FromTarget,
}

/// Every top-level `COPY --from` whose value is known (variables without a
/// value make it unknown; those are skipped).
pub(super) fn copy_froms(checker: &Checker<'_>) -> Vec<CopyFrom> {
    let options = ExpandOptions::with_escape(checker.file.escape);
    // The first stage of each name (names are already lower-case).
    let mut first_named: HashMap<&str, usize> = HashMap::new();
    for stage in &checker.model.stages {
        if let Some(name) = &stage.name {
            first_named.entry(name.as_str()).or_insert(stage.index);
        }
    }
    let mut found = Vec::new();
    for (index, instruction) in checker.instructions() {
        if instruction.keyword != Keyword::Copy {
            continue;
        }
        let Some(value) = instruction.flag("from").and_then(|f| f.value.as_ref()) else {
            continue;
        };
        let Some((stage, step)) = checker.step(index) else {
            continue;
        };
        let reference = if value.text.contains('$') {
            let env = stage.env_at(&step.state);
            match expand_word(&value.text, env.as_slice(), &options) {
                Ok(expansion) if expansion.undefined().next().is_none() => expansion.value,
                _ => continue,
            }
        } else {
            value.text.clone()
        };
        let lower = reference.to_ascii_lowercase();
        let target = if stage.name.as_deref() == Some(lower.as_str()) {
            FromTarget::OwnStage
        } else if first_named
            .get(lower.as_str())
            .is_some_and(|&index| index < stage.index)
        {
            FromTarget::EarlierStage
        } else {
            match reference.parse::<usize>() {
                Ok(i) if i < stage.index => FromTarget::EarlierStage,
                Ok(i) if i == stage.index => FromTarget::OwnStage,
                _ => FromTarget::Other,
            }
        };
        found.push(CopyFrom {
            reference,
            range: value.range,
            target,
        });
    }
    found
}
