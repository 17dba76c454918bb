//! What the legacy builder (`DOCKER_BUILDKIT=0`) keys each instruction on
//! (`moby/moby:daemon/builder/dockerfile`, reference §4 and §8.4).
//!
//! Every instruction is a commit, probed by the parent image and the
//! container config with the instruction as its `Cmd` (`#(nop) ENV k=v`,
//! `#(nop) COPY file:<sha> in <dst>`, `|N k=v… sh -c cmd` for RUN). A
//! changed `--build-arg` leaves the ARG step itself alone (it commits the
//! default) and reaches only RUN, through the `|N` prefix. After the first
//! miss of a stage the builder stops looking the cache up at all.

use super::align::identity;
use super::buildkit::plan_copy;
use super::inputs::{
    absolute, command_text, env_at, env_components, is_shell_form, Code, Component,
};
use super::walk::{Area, Op, Plan, Role, Walker};
use crate::dockerfile::model::{Expanded, Stage, Step};
use crate::dockerfile::syntax::{Instruction, Keyword};

pub(crate) fn plan(walker: &Walker<'_>, stage: &Stage, step: &Step) -> Plan {
    let file = &walker.build.dockerfile.parse.dockerfile;
    let Some(instruction) = file.instructions.get(step.instruction) else {
        return Plan::meta(false);
    };
    match instruction.keyword {
        Keyword::Run => plan_run(stage, step, instruction),
        Keyword::Copy | Keyword::Add => {
            let mut plan = plan_copy(walker, stage, step, instruction, true);
            if instruction.flag("chmod").is_some() {
                plan.error = Some(requires_buildkit("chmod"));
            }
            plan
        }
        Keyword::Unknown => {
            let mut plan = Plan::meta(false);
            plan.error = Some(format!(
                "unknown instruction `{}`; the build fails",
                instruction.keyword_token.text
            ));
            plan
        }
        Keyword::From => Plan::meta(false),
        keyword => {
            let op = if keyword == Keyword::Workdir {
                Op::Workdir
            } else {
                Op::Commit
            };
            let mut plan = Plan::new(
                Role::Vertex(op),
                vec![Component::new(
                    Code::Def,
                    "instruction",
                    commit_text(step, instruction),
                )],
            );
            if keyword == Keyword::Workdir {
                plan.area = Some(Area::Paths(vec![workdir_path(step, instruction)]));
            }
            plan
        }
    }
}

fn requires_buildkit(flag: &str) -> String {
    format!("the --{flag} option requires BuildKit; the legacy builder fails here")
}

fn workdir_path(step: &Step, instruction: &Instruction) -> String {
    match &step.expanded {
        Expanded::Single(value) => absolute(&step.state.workdir, value),
        _ => absolute(&step.state.workdir, &instruction.args_text.text),
    }
}

/// The commit message the legacy builder probes with, from the values it
/// expanded.
fn commit_text(step: &Step, instruction: &Instruction) -> String {
    let keyword = instruction.keyword.as_str();
    match (&step.expanded, instruction.keyword) {
        (_, Keyword::Workdir) => format!("WORKDIR {}", workdir_path(step, instruction)),
        (Expanded::KeyValues(pairs), _) => {
            let pairs: Vec<String> = pairs.iter().map(|(k, v)| format!("{k}={v}")).collect();
            format!("{keyword} {}", pairs.join(" "))
        }
        // ARG commits its default, never the --build-arg value.
        (Expanded::Args(args), _) => {
            let decls: Vec<String> = args
                .iter()
                .map(|a| match &a.default {
                    Some(default) => format!("{}={default}", a.name),
                    None => a.name.clone(),
                })
                .collect();
            format!("ARG {}", decls.join(" "))
        }
        (Expanded::Single(value), _) => format!("{keyword} {value}"),
        (Expanded::List(items), _) => format!("{keyword} {}", items.join(" ")),
        _ => identity(instruction),
    }
}

fn plan_run(stage: &Stage, step: &Step, instruction: &Instruction) -> Plan {
    let mut components = vec![Component::new(
        Code::Def,
        "command",
        command_text(instruction),
    )];
    if is_shell_form(instruction) {
        components.push(Component::new(
            Code::Shell,
            "shell",
            step.state.shell.join(" "),
        ));
    }
    // `|N k=v…`: the declared ARGs with a value that no ENV overrides,
    // sorted by name (`prependEnvOnCmd`).
    let mut args = env_components(&env_at(stage, &step.state), true);
    args.sort_by(|a, b| a.label.cmp(&b.label));
    components.extend(args);
    let mut plan = Plan::new(Role::Vertex(Op::Run), components);
    plan.area = Some(Area::Anywhere);
    if let Some(flag) = instruction.flags.first() {
        plan.error = Some(requires_buildkit(&flag.name.text.to_ascii_lowercase()));
    }
    plan
}
