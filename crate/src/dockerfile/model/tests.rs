use super::*;
use crate::dockerfile::syntax;

fn model(text: &str) -> Model {
    model_with(text, ModelOptions::default())
}

fn model_with(text: &str, options: ModelOptions) -> Model {
    let parse = syntax::parse(text);
    build(&parse, &options)
}

fn build_args(pairs: &[(&str, &str)]) -> ModelOptions {
    ModelOptions {
        build_args: pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
        ..ModelOptions::default()
    }
}

#[test]
fn stages_bases_and_names() {
    let m = model(
        "FROM node:22-alpine AS Deps\nRUN npm ci\nFROM deps AS build\nRUN npm run build\nFROM scratch\nCOPY --from=build /app /app\n",
    );
    assert_eq!(m.stages.len(), 3);
    assert_eq!(
        m.stages[0].name.as_deref(),
        Some("deps"),
        "names are lower-cased"
    );
    assert_eq!(
        m.stages[0].base,
        Base::Image {
            reference: "node:22-alpine".into()
        }
    );
    assert_eq!(m.stages[1].base, Base::Stage { index: 0 });
    assert_eq!(m.stages[2].base, Base::Scratch);
    assert_eq!(m.stages[1].steps.len(), 2);
    assert_eq!(m.target, Some(2));
}

#[test]
fn from_expands_global_args_only() {
    let text = "ARG NODE=20\nARG VARIANT=alpine\nFROM node:${NODE}-${VARIANT} AS base\nARG NODE\nENV V=$NODE\nFROM base\n";
    let m = model(text);
    assert_eq!(
        m.stages[0].base,
        Base::Image {
            reference: "node:20-alpine".into()
        }
    );
    assert_eq!(m.global_args.len(), 2);
    // The redeclared ARG inherits the global value inside the stage.
    let Expanded::Args(args) = &m.stages[0].steps[1].expanded else {
        panic!()
    };
    assert_eq!(args[0].value.as_deref(), Some("20"));
    assert_eq!(args[0].source, ArgSource::Global);
    let Expanded::KeyValues(env) = &m.stages[0].steps[2].expanded else {
        panic!()
    };
    assert_eq!(env[0], ("V".to_string(), "20".to_string()));

    let m = model_with(text, build_args(&[("NODE", "22")]));
    assert_eq!(
        m.stages[0].base,
        Base::Image {
            reference: "node:22-alpine".into()
        }
    );
}

#[test]
fn a_stage_sees_a_global_arg_only_when_it_redeclares_it() {
    let m = model("ARG V=1\nFROM alpine\nENV A=$V\n");
    let Expanded::KeyValues(env) = &m.stages[0].steps[1].expanded else {
        panic!()
    };
    assert_eq!(env[0].1, "", "not redeclared: empty");
    assert!(!m.stages[0].steps[1].references[0].defined);
}

#[test]
fn env_values_come_from_before_the_instruction() {
    let m = model("FROM a\nENV abc=hello\nENV abc=bye def=$abc\nRUN env\n");
    let Expanded::KeyValues(env) = &m.stages[0].steps[2].expanded else {
        panic!()
    };
    assert_eq!(env[1], ("def".to_string(), "hello".to_string()));
    let run = &m.stages[0].steps[3];
    let vars = m.stages[0].env_at(&run.state);
    assert!(vars.contains(&("abc", "bye")));
    assert!(vars.contains(&("def", "hello")));
    assert!(vars.iter().any(|(k, _)| *k == "PATH"));
}

#[test]
fn arg_values_enter_the_run_environment() {
    let text = "FROM a\nARG VERSION=1\nARG NOVALUE\nRUN echo hi\n";
    let m = model(text);
    let run = &m.stages[0].steps[3];
    let env = m.stages[0].env_at(&run.state);
    assert!(env.contains(&("VERSION", "1")));
    assert!(
        !env.iter().any(|(k, _)| *k == "NOVALUE"),
        "an ARG without a value adds nothing"
    );
    let m = model_with(text, build_args(&[("VERSION", "2"), ("NOVALUE", "x")]));
    let env = m.stages[0].env_at(&m.stages[0].steps[3].state);
    assert!(env.contains(&("VERSION", "2")) && env.contains(&("NOVALUE", "x")));
}

#[test]
fn user_workdir_and_shell_state() {
    let m = model("FROM a\nWORKDIR /app\nWORKDIR src\nUSER node\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\nRUN x\nCOPY . .\n");
    let run = &m.stages[0].steps[5];
    assert_eq!(run.state.workdir, "/app/src");
    assert!(run.state.workdir_set);
    assert_eq!(run.state.user.as_deref(), Some("node"));
    assert_eq!(run.state.shell, ["/bin/bash", "-o", "pipefail", "-c"]);
    let Expanded::Paths {
        destination_abs, ..
    } = &m.stages[0].steps[6].expanded
    else {
        panic!()
    };
    assert_eq!(destination_abs, "/app/src/");
}

#[test]
fn derived_stages_inherit_state() {
    let m = model("FROM a AS base\nENV X=1\nWORKDIR /w\nUSER app\nFROM base\nRUN x\n");
    let run = &m.stages[1].steps[1];
    assert_eq!(run.state.workdir, "/w");
    assert_eq!(run.state.user.as_deref(), Some("app"));
    assert!(m.stages[1].env_at(&run.state).contains(&("X", "1")));
}

#[test]
fn copy_sources_and_flags_are_expanded() {
    let m = model(
        "FROM a\nARG SRC=src\nENV OWNER=app\nCOPY --chown=$OWNER:$OWNER ${SRC}/ /opt/${SRC}/\n",
    );
    let Expanded::Paths {
        sources,
        destination,
        chown,
        ..
    } = &m.stages[0].steps[3].expanded
    else {
        panic!()
    };
    assert_eq!(sources, &["src/"]);
    assert_eq!(destination, "/opt/src/");
    assert_eq!(chown.as_deref(), Some("app:app"));
}

#[test]
fn run_commands_are_not_expanded_but_mounts_are() {
    let m = model("FROM a\nARG ID=cache1\nRUN --mount=type=cache,id=$ID,target=/c echo $ID\n");
    let Expanded::Run { mounts } = &m.stages[0].steps[2].expanded else {
        panic!()
    };
    assert_eq!(mounts, &["type=cache,id=cache1,target=/c"]);
}

#[test]
fn references_point_into_the_source() {
    let text = "FROM a\nENV GREETING=\"hello $NAME\"\n";
    let m = model(text);
    let r = &m.stages[0].steps[1].references[0];
    assert_eq!(r.name, "NAME");
    assert_eq!(r.range.slice(text), "$NAME");
    assert!(!r.defined);
}

#[test]
fn expansion_errors_are_diagnostics_with_ranges() {
    let text = "FROM a\nENV A=\"${B:?must be set}\"\nUSER ${C^^}\n";
    let m = model(text);
    assert_eq!(m.diagnostics.len(), 2, "{:#?}", m.diagnostics);
    assert!(m.diagnostics.iter().all(|d| d.code == "DL1000"));
    assert!(
        m.diagnostics[0].message.contains("must be set"),
        "{}",
        m.diagnostics[0].message
    );
}

#[test]
fn stage_graph_and_target_reachability() {
    let text = "FROM golang AS build\nRUN go build\nFROM alpine AS test\nRUN --mount=from=build,target=/b true\nFROM alpine AS docs\nRUN echo\nFROM gcr.io/distroless/static AS final\nCOPY --from=build /out /app\nCOPY --from=nginx:alpine /etc/nginx /etc/nginx\nCOPY --from=0 /x /y\n";
    let m = model(text);
    let final_stage = &m.stages[3];
    let deps: Vec<(DependencyKind, Option<usize>)> = final_stage
        .dependencies
        .iter()
        .map(|d| (d.kind, d.stage))
        .collect();
    assert_eq!(
        deps,
        [
            (DependencyKind::CopyFrom, Some(0)),
            (DependencyKind::CopyFrom, None),
            (DependencyKind::CopyFrom, Some(0)),
        ]
    );
    assert_eq!(m.stages[1].dependencies[0].kind, DependencyKind::MountFrom);
    let needed: Vec<bool> = m.stages.iter().map(|s| s.needed).collect();
    assert_eq!(needed, [true, false, false, true]);
    assert!(m.stages.iter().all(|s| s.built_by_legacy));

    let m = model_with(
        text,
        ModelOptions {
            target: Some("test".into()),
            ..ModelOptions::default()
        },
    );
    let needed: Vec<bool> = m.stages.iter().map(|s| s.needed).collect();
    assert_eq!(needed, [true, true, false, false]);
    let legacy: Vec<bool> = m.stages.iter().map(|s| s.built_by_legacy).collect();
    assert_eq!(legacy, [true, true, false, false]);
}

#[test]
fn unknown_target_has_no_stage() {
    let m = model_with(
        "FROM a AS build\n",
        ModelOptions {
            target: Some("production".into()),
            ..ModelOptions::default()
        },
    );
    assert_eq!(m.target, None);
    assert!(m.stages.iter().all(|s| !s.needed));
}

#[test]
fn automatic_platform_args() {
    let m = model(
        "FROM --platform=$BUILDPLATFORM golang AS build\nARG TARGETARCH\nENV ARCH=$TARGETARCH\n",
    );
    assert_eq!(m.stages[0].platform.as_deref(), Some("linux/amd64"));
    let Expanded::KeyValues(env) = &m.stages[0].steps[2].expanded else {
        panic!()
    };
    assert_eq!(env[0].1, "amd64");
}

#[test]
fn instructions_before_from_other_than_arg_are_ignored() {
    let m = model("RUN echo\nARG X=1\nFROM a\n");
    assert_eq!(m.global_args.len(), 1);
    assert_eq!(m.stages.len(), 1);
}

#[test]
fn stage_of_and_step_lookup() {
    let m = model("FROM a\nRUN x\nFROM b\nRUN y\n");
    assert_eq!(m.stage_of(1).unwrap().index, 0);
    assert_eq!(m.stage_of(3).unwrap().index, 1);
    let (stage, step) = m.step(3).unwrap();
    assert_eq!((stage.index, step.instruction), (1, 3));
}
