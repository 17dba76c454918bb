//! DL4003 and DL4004: an instruction of which only the last one in a stage
//! takes effect, given more than once.

use crate::diagnostic::Diagnostic;
use crate::dockerfile::syntax::Keyword;
use crate::lint::Checker;
use crate::rules::RuleMeta;

/// Report every `keyword` instruction of a stage after its first one, with
/// the earlier one as related location.
pub(super) fn check_repeated(
    checker: &Checker<'_>,
    meta: &RuleMeta,
    keyword: Keyword,
    message: &str,
    out: &mut Vec<Diagnostic>,
) {
    for stage in &checker.model.stages {
        let mut first = None;
        for step in &stage.steps {
            let Some(instruction) = checker.file.instructions.get(step.instruction) else {
                continue;
            };
            if instruction.keyword != keyword {
                continue;
            }
            let range = instruction.keyword_token.range;
            match first {
                None => first = Some(range),
                Some(earlier) => out.push(checker.diagnostic(meta, range, message).with_related(
                    earlier,
                    format!(
                        "the first {} of the stage, which has no effect",
                        keyword.as_str()
                    ),
                )),
            }
        }
    }
}
