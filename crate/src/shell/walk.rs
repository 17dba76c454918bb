//! Walking the tree. Recursion is bounded because the parser bounds nesting.

use super::ast::*;
use super::word::Word;

/// Call `visit` on every list of the script: the body, compound command
/// bodies, substitution bodies and nested `sh -c` scripts.
pub(crate) fn each_list<'a>(script: &'a Script, visit: &mut dyn FnMut(&'a List)) {
    list(script, &script.body, visit);
}

fn list<'a>(script: &'a Script, list_: &'a List, visit: &mut dyn FnMut(&'a List)) {
    visit(list_);
    for item in &list_.items {
        for pipeline in item.and_or.pipelines() {
            for command_ in &pipeline.commands {
                command(script, command_, visit);
            }
        }
    }
}

fn command<'a>(script: &'a Script, command_: &'a Command, visit: &mut dyn FnMut(&'a List)) {
    match command_ {
        Command::Simple(id) => {
            let Some(simple) = script.command(*id) else {
                return;
            };
            let words = simple
                .words
                .iter()
                .chain(simple.assignments.iter().map(|a| &a.value))
                .chain(simple.redirects.iter().filter_map(|r| r.target.as_ref()));
            for w in words {
                word(script, w, visit);
            }
            if let Some(nested) = &simple.nested {
                list(script, nested, visit);
            }
        }
        Command::Function(function) => command(script, &function.body, visit),
        Command::Compound(compound) => {
            for w in compound.redirects.iter().filter_map(|r| r.target.as_ref()) {
                word(script, w, visit);
            }
            match &compound.kind {
                CompoundKind::Subshell(body) | CompoundKind::Group(body) => {
                    list(script, body, visit)
                }
                CompoundKind::If {
                    branches,
                    else_body,
                } => {
                    for (condition, body) in branches {
                        list(script, condition, visit);
                        list(script, body, visit);
                    }
                    if let Some(body) = else_body {
                        list(script, body, visit);
                    }
                }
                CompoundKind::For { words, body, .. } => {
                    for w in words.iter().flatten() {
                        word(script, w, visit);
                    }
                    list(script, body, visit);
                }
                CompoundKind::Loop {
                    condition, body, ..
                } => {
                    list(script, condition, visit);
                    list(script, body, visit);
                }
                CompoundKind::Case { subject, arms } => {
                    word(script, subject, visit);
                    for arm in arms {
                        for w in &arm.patterns {
                            word(script, w, visit);
                        }
                        list(script, &arm.body, visit);
                    }
                }
                CompoundKind::Arithmetic => {}
            }
        }
    }
}

fn word<'a>(script: &'a Script, word_: &'a Word, visit: &mut dyn FnMut(&'a List)) {
    for substitution in &word_.substitutions {
        list(script, &substitution.body, visit);
    }
}
