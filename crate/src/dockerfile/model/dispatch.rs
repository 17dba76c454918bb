//! Walk the instructions in order, one dispatch function per instruction
//! (as BuildKit's `dockerfile2llb` does), expanding what the builder expands
//! and tracking the state each step runs in.

use super::state::{self, EnvEntry, EnvSource, DEFAULT_PATH};
use super::{
    ArgSource, ArgValue, Base, Expanded, Model, ModelOptions, ResolvedRef, Stage, Step, StepState,
};
use crate::diagnostic::Diagnostic;
use crate::dockerfile::expand::{self, ExpandOptions};
use crate::dockerfile::syntax::{Args, Command, Dockerfile, Instruction, Keyword, Token};
use std::collections::{BTreeMap, HashMap};

fn platform_parts(platform: &str) -> (String, String, String) {
    let mut parts = platform.split('/');
    let os = parts.next().unwrap_or("linux").to_string();
    let arch = parts.next().unwrap_or("amd64").to_string();
    let variant = parts.next().unwrap_or("").to_string();
    (os, arch, variant)
}

fn automatic_values(options: &ModelOptions) -> BTreeMap<String, String> {
    let mut values = BTreeMap::new();
    for (prefix, platform) in [
        ("BUILD", &options.build_platform),
        ("TARGET", &options.platform),
    ] {
        let (os, arch, variant) = platform_parts(platform);
        values.insert(format!("{prefix}PLATFORM"), platform.clone());
        values.insert(format!("{prefix}OS"), os);
        values.insert(format!("{prefix}ARCH"), arch);
        values.insert(format!("{prefix}VARIANT"), variant);
    }
    values
}

/// The state of the stage being dispatched.
struct Current {
    stage: Stage,
    /// Current environment values by name (the fold of `stage.env_log`).
    env: HashMap<String, String>,
    state: StepState,
}

pub(super) struct Builder<'a> {
    file: &'a Dockerfile,
    options: &'a ModelOptions,
    expand_options: ExpandOptions,
    automatic: BTreeMap<String, String>,
    global_args: Vec<ArgValue>,
    /// Values of global ARGs (and the automatic ones) for FROM expansion.
    global_env: BTreeMap<String, String>,
    stages: Vec<Stage>,
    current: Option<Current>,
    diagnostics: Vec<Diagnostic>,
}

impl<'a> Builder<'a> {
    pub(super) fn new(file: &'a Dockerfile, options: &'a ModelOptions) -> Self {
        let automatic = automatic_values(options);
        Builder {
            file,
            options,
            expand_options: ExpandOptions::with_escape(file.escape),
            global_env: automatic.clone(),
            automatic,
            global_args: Vec::new(),
            stages: Vec::new(),
            current: None,
            diagnostics: Vec::new(),
        }
    }

    pub(super) fn run(&mut self) {
        for (index, instruction) in self.file.instructions.iter().enumerate() {
            match instruction.keyword {
                Keyword::From => self.dispatch_from(index, instruction),
                _ if self.current.is_none() => {
                    // Before the first FROM only ARG counts (the rest is
                    // DL3061's business).
                    if instruction.keyword == Keyword::Arg {
                        self.dispatch_global_arg(index, instruction);
                    }
                }
                _ => self.dispatch(index, instruction),
            }
        }
        self.finish_stage();
    }

    pub(super) fn finish(self) -> Model {
        Model {
            global_args: self.global_args,
            stages: self.stages,
            target: None,
            diagnostics: self.diagnostics,
            options: self.options.clone(),
        }
    }

    fn finish_stage(&mut self) {
        if let Some(current) = self.current.take() {
            let mut stage = current.stage;
            stage.final_state = current.state;
            self.stages.push(stage);
        }
    }

    /// Expand one token against `env`, mapping references and errors back
    /// into the source. On error the token is kept as written.
    fn expand_token<E: expand::Env + ?Sized>(
        &mut self,
        instruction: &Instruction,
        token: &Token,
        env: &E,
        refs: &mut Vec<ResolvedRef>,
    ) -> String {
        match expand::expand_word(&token.text, env, &self.expand_options) {
            Ok(expansion) => {
                for var in &expansion.references {
                    let range =
                        instruction.token_subrange(token, var.range.start(), var.range.end());
                    refs.push(ResolvedRef::from_var(var, range));
                }
                expansion.value
            }
            Err(error) => {
                let range =
                    instruction.token_subrange(token, error.range.start(), error.range.end());
                self.diagnostics
                    .push(Diagnostic::syntax(range, error.message()));
                token.text.clone()
            }
        }
    }

    fn dispatch_global_arg(&mut self, index: usize, instruction: &Instruction) {
        let Args::Arg(decls) = &instruction.args else {
            return;
        };
        let mut refs = Vec::new();
        for decl in decls {
            let name = decl.name.text.clone();
            let env = self.global_env.clone();
            let default = decl
                .default
                .as_ref()
                .map(|d| self.expand_token(instruction, d, &env, &mut refs));
            let (value, source) = match (self.options.build_args.get(&name), &default) {
                (Some(v), _) => (Some(v.clone()), ArgSource::BuildArg),
                (None, Some(d)) => (Some(d.clone()), ArgSource::Default),
                (None, None) => match self.automatic.get(&name) {
                    Some(v) => (Some(v.clone()), ArgSource::Automatic),
                    None => (None, ArgSource::Unset),
                },
            };
            match &value {
                Some(v) => {
                    self.global_env.insert(name.clone(), v.clone());
                }
                None => {
                    self.global_env.remove(&name);
                }
            }
            self.global_args.push(ArgValue {
                name,
                default,
                value,
                source,
                instruction: index,
                range: decl.range,
            });
        }
    }

    fn dispatch_from(&mut self, index: usize, instruction: &Instruction) {
        self.finish_stage();
        let mut refs = Vec::new();
        let (image_token, stage_name) = match &instruction.args {
            Args::From {
                image, stage_name, ..
            } => (Some(image), stage_name.as_ref()),
            _ => (None, None),
        };
        // FROM sees only the global ARGs (and the automatic platform args).
        let env = self.global_env.clone();
        let image = match image_token {
            Some(token) => self.expand_token(instruction, token, &env, &mut refs),
            None => String::new(),
        };
        let platform = instruction
            .flag("platform")
            .and_then(|f| f.value.clone())
            .map(|v| self.expand_token(instruction, &v, &env, &mut refs));

        // Stage names are stored lower-cased, and BuildKit looks the base up
        // as written (`addState`), so `FROM Build` is an image, not stage
        // `build`. `scratch` is matched without regard to case.
        let base = if image.eq_ignore_ascii_case("scratch") {
            Base::Scratch
        } else if let Some(stage) = self
            .stages
            .iter()
            .find(|s| s.name.as_deref() == Some(image.as_str()))
        {
            Base::Stage { index: stage.index }
        } else {
            Base::Image {
                reference: image.clone(),
            }
        };

        let (env_log, state) = match &base {
            Base::Stage { index } => {
                let parent = &self.stages[*index];
                (
                    parent.env_log[..parent.final_state.env_len].to_vec(),
                    parent.final_state.clone(),
                )
            }
            _ => (
                vec![EnvEntry {
                    name: "PATH".to_string(),
                    value: DEFAULT_PATH.to_string(),
                    source: EnvSource::Default,
                    instruction: None,
                }],
                StepState {
                    env_len: 1,
                    user: None,
                    workdir: "/".to_string(),
                    workdir_set: false,
                    shell: vec!["/bin/sh".to_string(), "-c".to_string()],
                },
            ),
        };
        let env: HashMap<String, String> = state::fold_env(&env_log)
            .into_iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let state = StepState {
            env_len: env_log.len(),
            ..state
        };
        let stage = Stage {
            index: self.stages.len(),
            name: stage_name.map(|n| n.text.to_ascii_lowercase()),
            name_range: stage_name.map(|n| n.range),
            from_instruction: index,
            base_text: image_token.map(|t| t.text.clone()).unwrap_or_default(),
            base_range: image_token
                .map(|t| t.range)
                .unwrap_or(instruction.keyword_token.range),
            base,
            platform: platform.clone(),
            steps: vec![Step {
                instruction: index,
                expanded: Expanded::From { image, platform },
                state: state.clone(),
                references: refs,
            }],
            env_log,
            final_state: state.clone(),
            dependencies: Vec::new(),
            needed: false,
            built_by_legacy: false,
        };
        self.current = Some(Current { stage, env, state });
    }

    /// Dispatch a non-FROM instruction inside the current stage.
    fn dispatch(&mut self, index: usize, instruction: &Instruction) {
        let Some(mut current) = self.current.take() else {
            return;
        };
        let before = current.state.clone();
        let mut refs = Vec::new();
        let expanded = match instruction.keyword {
            Keyword::Env => self.dispatch_env(index, instruction, &mut current, &mut refs),
            Keyword::Arg => self.dispatch_arg(index, instruction, &mut current, &mut refs),
            Keyword::Label => self.dispatch_label(instruction, &current, &mut refs),
            Keyword::Copy | Keyword::Add => self.dispatch_copy(instruction, &current, &mut refs),
            Keyword::User => {
                let value = self.dispatch_single(instruction, &current, &mut refs);
                if let Expanded::Single(user) = &value {
                    current.state.user = Some(user.clone());
                }
                value
            }
            Keyword::Workdir => {
                let value = self.dispatch_single(instruction, &current, &mut refs);
                if let Expanded::Single(dir) = &value {
                    current.state.workdir = state::resolve_path(&current.state.workdir, dir);
                    if current.state.workdir.len() > 1 {
                        current.state.workdir =
                            current.state.workdir.trim_end_matches('/').to_string();
                    }
                    current.state.workdir_set = true;
                }
                value
            }
            Keyword::Stopsignal => self.dispatch_single(instruction, &current, &mut refs),
            Keyword::Expose | Keyword::Volume => {
                self.dispatch_list(instruction, &current, &mut refs)
            }
            Keyword::Shell => {
                if let Some(Command::Exec { elements, .. }) = instruction.command() {
                    if !elements.is_empty() {
                        current.state.shell = elements.iter().map(|e| e.text.clone()).collect();
                    }
                }
                Expanded::NotExpanded
            }
            Keyword::Run => {
                let mounts = instruction
                    .flags_named("mount")
                    .filter_map(|f| f.value.clone())
                    .collect::<Vec<_>>();
                let mounts = mounts
                    .iter()
                    .map(|m| self.expand_token(instruction, m, &current.env, &mut refs))
                    .collect();
                Expanded::Run { mounts }
            }
            _ => Expanded::NotExpanded,
        };
        current.stage.steps.push(Step {
            instruction: index,
            expanded,
            state: before,
            references: refs,
        });
        self.current = Some(current);
    }

    fn dispatch_env(
        &mut self,
        index: usize,
        instruction: &Instruction,
        current: &mut Current,
        refs: &mut Vec<ResolvedRef>,
    ) -> Expanded {
        let Args::KeyValues(pairs) = &instruction.args else {
            return Expanded::NotExpanded;
        };
        // Every value is expanded against the environment before this ENV.
        let expanded: Vec<(String, String)> = pairs
            .iter()
            .map(|p| {
                let key = self.expand_token(instruction, &p.key, &current.env, refs);
                let value = self.expand_token(instruction, &p.value, &current.env, refs);
                (key, value)
            })
            .collect();
        for (key, value) in &expanded {
            current.set_env(key, value, EnvSource::Env, index);
        }
        Expanded::KeyValues(expanded)
    }

    fn dispatch_arg(
        &mut self,
        index: usize,
        instruction: &Instruction,
        current: &mut Current,
        refs: &mut Vec<ResolvedRef>,
    ) -> Expanded {
        let Args::Arg(decls) = &instruction.args else {
            return Expanded::NotExpanded;
        };
        let mut values = Vec::new();
        for decl in decls {
            let name = decl.name.text.clone();
            let default = decl
                .default
                .as_ref()
                .map(|d| self.expand_token(instruction, d, &current.env, refs));
            let global = self.global_args.iter().rev().find(|a| a.name == name);
            let (value, source) = if let Some(v) = self.options.build_args.get(&name) {
                (Some(v.clone()), ArgSource::BuildArg)
            } else if let Some(d) = &default {
                (Some(d.clone()), ArgSource::Default)
            } else if let Some(v) = global.and_then(|g| g.value.clone()) {
                (Some(v), ArgSource::Global)
            } else if let Some(v) = self.automatic.get(&name) {
                (Some(v.clone()), ArgSource::Automatic)
            } else {
                (None, ArgSource::Unset)
            };
            if let Some(v) = &value {
                current.set_env(&name, v, EnvSource::Arg, index);
            }
            values.push(ArgValue {
                name,
                default,
                value,
                source,
                instruction: index,
                range: decl.range,
            });
        }
        Expanded::Args(values)
    }

    fn dispatch_label(
        &mut self,
        instruction: &Instruction,
        current: &Current,
        refs: &mut Vec<ResolvedRef>,
    ) -> Expanded {
        let Args::KeyValues(pairs) = &instruction.args else {
            return Expanded::NotExpanded;
        };
        Expanded::KeyValues(
            pairs
                .iter()
                .map(|p| {
                    (
                        self.expand_token(instruction, &p.key, &current.env, refs),
                        self.expand_token(instruction, &p.value, &current.env, refs),
                    )
                })
                .collect(),
        )
    }

    fn dispatch_copy(
        &mut self,
        instruction: &Instruction,
        current: &Current,
        refs: &mut Vec<ResolvedRef>,
    ) -> Expanded {
        let Args::Paths {
            sources,
            destination,
            ..
        } = &instruction.args
        else {
            return Expanded::NotExpanded;
        };
        let sources = sources
            .iter()
            .map(|s| {
                // Heredoc sources are inline files, not context paths.
                if s.text.starts_with("<<") {
                    s.text.clone()
                } else {
                    self.expand_token(instruction, s, &current.env, refs)
                }
            })
            .collect();
        let destination_value = self.expand_token(instruction, destination, &current.env, refs);
        let mut flag = |name: &str, this: &mut Self| {
            instruction
                .flag(name)
                .and_then(|f| f.value.clone())
                .map(|v| this.expand_token(instruction, &v, &current.env, refs))
        };
        let chown = flag("chown", self);
        let chmod = flag("chmod", self);
        let excludes = instruction
            .flags_named("exclude")
            .filter_map(|f| f.value.clone())
            .collect::<Vec<_>>();
        let excludes = excludes
            .iter()
            .map(|e| self.expand_token(instruction, e, &current.env, refs))
            .collect();
        Expanded::Paths {
            destination_abs: state::resolve_path(&current.state.workdir, &destination_value),
            sources,
            destination: destination_value,
            chown,
            chmod,
            excludes,
        }
    }

    fn dispatch_single(
        &mut self,
        instruction: &Instruction,
        current: &Current,
        refs: &mut Vec<ResolvedRef>,
    ) -> Expanded {
        match &instruction.args {
            Args::Single(token) => {
                Expanded::Single(self.expand_token(instruction, token, &current.env, refs))
            }
            _ => Expanded::NotExpanded,
        }
    }

    fn dispatch_list(
        &mut self,
        instruction: &Instruction,
        current: &Current,
        refs: &mut Vec<ResolvedRef>,
    ) -> Expanded {
        match &instruction.args {
            Args::List { items, .. } => Expanded::List(
                items
                    .iter()
                    .map(|i| self.expand_token(instruction, i, &current.env, refs))
                    .collect(),
            ),
            _ => Expanded::NotExpanded,
        }
    }
}

impl Current {
    fn set_env(&mut self, name: &str, value: &str, source: EnvSource, instruction: usize) {
        self.env.insert(name.to_string(), value.to_string());
        self.stage.env_log.push(EnvEntry {
            name: name.to_string(),
            value: value.to_string(),
            source,
            instruction: Some(instruction),
        });
        self.state.env_len = self.stage.env_log.len();
    }
}
