//! The walk over one build: every instruction in order, each stage from its
//! base, computing keys and — for the build being explained — deciding
//! hit, miss, content-dependent, meta or skipped.
//!
//! What a step's inputs are differs per builder ([`super::buildkit`],
//! [`super::legacy`]); how keys chain, how a miss spreads, how `COPY --from`
//! reads another stage's output and how a decision is made is shared here.

use super::align::Alignment;
use super::explain::{self, Explanation};
use super::files::{within, SelectionView};
use super::hash::{Encoder, Key};
use super::input::Builder;
use super::inputs::{Code, Component, Side, Upstream, WriterMark};
use super::prepare::Prepared;
use super::report::{Reason, Status};
use super::store::{Found, StoreIndex};
use super::{buildkit, legacy};
use crate::dockerfile::model::{Base, Stage};
use std::collections::{BTreeSet, HashMap};
use std::rc::Rc;

/// What kind of step an instruction is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Role {
    /// A cache step (BuildKit vertex, legacy commit).
    Vertex(Op),
    /// Changes only build state (ENV, ARG, USER, SHELL, `WORKDIR /`, FROM of
    /// a stage or scratch) or the image config (`config_only`).
    Meta { config_only: bool },
    /// Before the first FROM.
    Global,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Op {
    Image,
    Run,
    Copy,
    Add,
    Workdir,
    /// A legacy commit of a config-only instruction (ENV, LABEL, CMD, …).
    Commit,
}

impl Op {
    fn domain(self) -> &'static str {
        match self {
            Op::Image => "image",
            Op::Run => "exec",
            Op::Copy | Op::Add => "file",
            Op::Workdir => "mkdir",
            Op::Commit => "commit",
        }
    }
}

/// Where a step writes, for `COPY --from` consumers of its stage.
#[derive(Clone, Debug)]
pub(crate) enum Area {
    /// Anywhere (a RUN, a base image).
    Anywhere,
    /// At or below these absolute paths, with content the contribution
    /// stands for.
    Paths(Vec<String>),
    /// Exactly these selected context files (`meta`: owner and mode flags).
    Files(Rc<SelectionView>, String),
}

/// A step that writes files.
#[derive(Clone, Debug)]
pub(crate) struct Writer {
    pub instruction: usize,
    pub area: Area,
    pub contribution: Key,
    pub certain: bool,
}

/// What a builder-specific planner says about one instruction.
#[derive(Clone, Debug)]
pub(crate) struct Plan {
    pub role: Role,
    pub components: Vec<Component>,
    /// `COPY --link` without `--chmod`: the copy is keyed on scratch.
    pub link: bool,
    /// Where the step writes (None: nowhere a later COPY --from could see).
    pub area: Option<Area>,
    /// This step's own inputs cannot be known (reads a re-run stage, an
    /// unversioned URL): the instruction responsible.
    pub uncertain: Option<usize>,
    pub uncertain_reason: Option<Reason>,
    pub error: Option<String>,
    /// Exact bytes the step adds (COPY from the context).
    pub layer_bytes: Option<u64>,
}

impl Plan {
    pub(crate) fn meta(config_only: bool) -> Plan {
        Plan::new(Role::Meta { config_only }, Vec::new())
    }

    pub(crate) fn new(role: Role, components: Vec<Component>) -> Plan {
        Plan {
            role,
            components,
            link: false,
            area: None,
            uncertain: None,
            uncertain_reason: None,
            error: None,
            layer_bytes: None,
        }
    }
}

/// The decided outcome of one instruction of the explained build.
#[derive(Clone, Debug)]
pub(crate) struct Decision {
    pub status: Status,
    pub explanation: Explanation,
    /// An identical step earlier in this build that also re-runs: BuildKit
    /// runs the two once (the row is a miss, but costs nothing extra).
    pub shared: Option<usize>,
}

/// One instruction after the walk.
#[derive(Clone, Debug)]
pub(crate) struct Record {
    pub instruction: usize,
    pub stage: Option<usize>,
    pub role: Role,
    pub built: bool,
    pub components: Vec<Component>,
    pub parent: Option<Key>,
    /// The key later steps build on (the merge key for `COPY --link`).
    pub key: Option<Key>,
    /// The key the status is decided on (the copy key for `COPY --link`).
    pub own_key: Option<Key>,
    pub link: bool,
    pub writer: Option<Writer>,
    pub decision: Option<Decision>,
    pub error: Option<String>,
    pub layer_bytes: Option<u64>,
    /// For `FROM <stage>`: the miss the base stage ends with, if any.
    pub base_missed: Option<usize>,
}

impl Record {
    fn new(instruction: usize, stage: Option<usize>, role: Role, built: bool) -> Record {
        Record {
            instruction,
            stage,
            role,
            built,
            components: Vec::new(),
            parent: None,
            key: None,
            own_key: None,
            link: false,
            writer: None,
            decision: None,
            error: None,
            layer_bytes: None,
            base_missed: None,
        }
    }
}

/// Where a stage's chain stands: its latest key and whether a miss or an
/// unknowable input lies behind it.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Cursor {
    pub key: Key,
    /// The instruction whose own miss every later step inherits.
    pub missed: Option<usize>,
    /// The instruction whose unknowable bytes every later step depends on.
    pub uncertain: Option<usize>,
}

/// A stage after the walk.
#[derive(Clone, Debug, Default)]
pub(crate) struct StageEnd {
    pub cursor: Cursor,
    pub base_stage: Option<usize>,
    /// The steps of this stage (not its base stage) that write files, the
    /// base image first.
    pub writers: Vec<Writer>,
}

/// One walked build.
#[derive(Clone, Debug, Default)]
pub(crate) struct Walk {
    pub records: Vec<Record>,
    /// Keys this build leaves in the cache (built stages only).
    pub keys: Vec<Key>,
}

/// What the explained build is compared with.
pub(crate) struct Reference<'a> {
    pub before: &'a Prepared,
    pub walk: &'a Walk,
    pub alignment: &'a Alignment,
    pub store: &'a StoreIndex,
    /// After-instruction indices declared deterministic.
    pub deterministic: &'a BTreeSet<usize>,
}

pub(crate) struct Walker<'a> {
    pub build: &'a Prepared,
    pub reference: Option<&'a Reference<'a>>,
    pub records: Vec<Record>,
    pub stages: Vec<StageEnd>,
    this_build: HashMap<Key, usize>,
    keys: Vec<Key>,
}

/// Walk a build. Without a reference only keys are computed (the earlier
/// build); with one, every instruction is decided and explained.
pub(crate) fn walk(build: &Prepared, reference: Option<&Reference<'_>>) -> Walk {
    let mut walker = Walker {
        build,
        reference,
        records: Vec::new(),
        stages: Vec::new(),
        this_build: HashMap::new(),
        keys: Vec::new(),
    };
    walker.run();
    let mut keys = walker.keys;
    keys.sort();
    keys.dedup();
    Walk {
        records: walker.records,
        keys,
    }
}

impl<'a> Walker<'a> {
    pub(crate) fn builder(&self) -> Builder {
        self.build.builder
    }

    fn run(&mut self) {
        let build = self.build;
        let file = &build.dockerfile.parse.dockerfile;
        let model = Rc::clone(&build.dockerfile.model);
        let first_from = model
            .stages
            .first()
            .map_or(file.instructions.len(), |s| s.from_instruction);
        for instruction in 0..first_from {
            let mut record = Record::new(instruction, None, Role::Global, true);
            self.decide_passive(&mut record);
            self.records.push(record);
        }
        for stage in &model.stages {
            self.run_stage(stage);
        }
        // Instructions the model left out (none expected) still get a row.
        while self.records.len() < file.instructions.len() {
            let mut record = Record::new(self.records.len(), None, Role::Global, true);
            self.decide_passive(&mut record);
            self.records.push(record);
        }
    }

    fn stage_built(&self, stage: &Stage) -> bool {
        match self.builder() {
            Builder::Buildkit => stage.needed,
            Builder::Legacy => stage.built_by_legacy,
        }
    }

    fn run_stage(&mut self, stage: &Stage) {
        let built = self.stage_built(stage);
        let mut end = StageEnd::default();
        let mut cursor = Cursor::default();
        // The FROM.
        let from = stage.from_instruction;
        match &stage.base {
            Base::Stage { index } => {
                let parent = self
                    .stages
                    .get(*index)
                    .map(|s| s.cursor)
                    .unwrap_or_default();
                cursor = parent;
                end.base_stage = Some(*index);
                let mut record = Record::new(
                    from,
                    Some(stage.index),
                    Role::Meta { config_only: false },
                    built,
                );
                record.base_missed = parent.missed;
                record.key = Some(cursor.key);
                self.decide_passive(&mut record);
                self.records.push(record);
            }
            Base::Scratch => {
                cursor.key = Encoder::new(self.builder().as_str())
                    .str("scratch")
                    .finish();
                let mut record = Record::new(
                    from,
                    Some(stage.index),
                    Role::Meta { config_only: false },
                    built,
                );
                record.key = Some(cursor.key);
                self.decide_passive(&mut record);
                self.records.push(record);
            }
            Base::Image { .. } => {
                let plan = buildkit::plan_from_image(self, stage);
                let record = self.apply(plan, stage, from, built, &mut cursor);
                if let Some(writer) = &record.writer {
                    end.writers.push(writer.clone());
                }
                self.records.push(record);
            }
        }
        for step in stage.steps.iter().skip(1) {
            let plan = match self.builder() {
                Builder::Buildkit => buildkit::plan(self, stage, step),
                Builder::Legacy => legacy::plan(self, stage, step),
            };
            let record = self.apply(plan, stage, step.instruction, built, &mut cursor);
            if let Some(writer) = &record.writer {
                end.writers.push(writer.clone());
            }
            self.records.push(record);
        }
        end.cursor = cursor;
        self.stages.push(end);
    }

    /// Key a planned step, decide it, and move the stage's cursor on.
    fn apply(
        &mut self,
        plan: Plan,
        stage: &Stage,
        instruction: usize,
        built: bool,
        cursor: &mut Cursor,
    ) -> Record {
        let mut record = Record::new(instruction, Some(stage.index), plan.role, built);
        record.components = plan.components;
        record.error = plan.error;
        record.layer_bytes = plan.layer_bytes;
        let Role::Vertex(op) = plan.role else {
            self.decide_passive(&mut record);
            return record;
        };
        let domain = || {
            let mut encoder = Encoder::new(self.builder().as_str());
            encoder.str(op.domain());
            encoder
        };
        let content_key = encode_components(domain(), &record.components).finish();
        let (own_key, key) = if plan.link {
            let merge = Encoder::new(self.builder().as_str())
                .str("merge")
                .key(cursor.key)
                .key(content_key)
                .finish();
            (content_key, merge)
        } else {
            let mut encoder = domain();
            encoder.key(cursor.key);
            let key = encode_components(encoder, &record.components).finish();
            (key, key)
        };
        record.parent = Some(cursor.key);
        record.own_key = Some(own_key);
        record.key = Some(key);
        record.link = plan.link;

        let declared = self
            .reference
            .is_some_and(|r| r.deterministic.contains(&instruction));
        let own_uncertain = if declared { None } else { plan.uncertain };
        let mut status = None;
        match self.reference {
            Some(reference) if built => {
                let decision = self.decide_vertex(
                    reference,
                    &record,
                    op,
                    stage,
                    cursor,
                    own_uncertain,
                    plan.uncertain_reason,
                    declared && plan.uncertain.is_some(),
                );
                match decision.status {
                    // The first miss is the origin every later step inherits.
                    Status::Miss if cursor.missed.is_none() => cursor.missed = Some(instruction),
                    Status::ContentDependent if cursor.uncertain.is_none() => {
                        cursor.uncertain = Some(instruction)
                    }
                    _ => {}
                }
                status = Some(decision.status);
                record.decision = Some(decision);
            }
            Some(_) => self.decide_passive(&mut record),
            None => {}
        }
        cursor.key = key;

        // What later `COPY --from` consumers of this stage see.
        record.writer = plan.area.map(|area| {
            let (contribution, certain) = match area {
                Area::Anywhere => {
                    self.anywhere_contribution(instruction, own_key, status, declared)
                }
                _ => (content_key, plan.uncertain.is_none() || declared),
            };
            Writer {
                instruction,
                area,
                contribution,
                certain,
            }
        });

        if built {
            self.keys.push(key);
            self.this_build.entry(key).or_insert(instruction);
            if plan.link {
                self.keys.push(own_key);
                self.this_build.entry(own_key).or_insert(instruction);
            }
        }
        record
    }

    /// What a RUN or base image contributes to the content of its stage: its
    /// key when it was a hit; when it re-ran, the earlier build's
    /// contribution (so "same bytes as before" is the optimistic reading),
    /// certain only when the step was declared deterministic.
    fn anywhere_contribution(
        &self,
        instruction: usize,
        key: Key,
        status: Option<Status>,
        declared: bool,
    ) -> (Key, bool) {
        match (self.reference, status) {
            (Some(reference), Some(Status::Miss)) => {
                let before = reference
                    .alignment
                    .before_of(instruction)
                    .and_then(|b| find_record(&reference.walk.records, b))
                    .and_then(|r| r.writer.as_ref())
                    .map(|w| w.contribution);
                (before.unwrap_or(key), declared)
            }
            (Some(_), Some(Status::ContentDependent)) => (key, declared),
            _ => (key, true),
        }
    }

    fn lookup(&self, key: Key) -> Option<Found> {
        let reference = self.reference?;
        reference
            .store
            .find(key)
            .or_else(|| self.this_build.get(&key).map(|&i| Found::ThisBuild(i)))
    }

    fn no_cache(&self, op: Op, stage: &Stage) -> bool {
        if !matches!(op, Op::Run | Op::Copy | Op::Add | Op::Commit | Op::Workdir) {
            return false;
        }
        if self.build.no_cache {
            return op != Op::Workdir || self.builder() == Builder::Legacy;
        }
        matches!(op, Op::Run | Op::Copy | Op::Add)
            && stage
                .name
                .as_ref()
                .is_some_and(|n| self.build.no_cache_filter.contains(n))
    }

    #[allow(clippy::too_many_arguments)]
    fn decide_vertex(
        &self,
        reference: &Reference<'_>,
        record: &Record,
        op: Op,
        stage: &Stage,
        cursor: &Cursor,
        own_uncertain: Option<usize>,
        uncertain_reason: Option<Reason>,
        declared_same: bool,
    ) -> Decision {
        let ctx = explain::Context {
            after: self.build,
            before: reference.before,
            after_walk_records: &self.records,
            before_walk: reference.walk,
            alignment: reference.alignment,
            store: reference.store,
        };
        let instruction = record.instruction;
        if self.no_cache(op, stage) {
            return Decision {
                shared: None,
                status: Status::Miss,
                explanation: explain::no_cache(&ctx, record, stage),
            };
        }
        // The legacy builder stops looking after the first miss of a stage.
        let parent_missed = cursor.missed.filter(|_| !record.link);
        if self.builder() == Builder::Legacy {
            if let Some(origin) = parent_missed {
                return Decision {
                    shared: None,
                    status: Status::Miss,
                    explanation: explain::inherited(&ctx, record, origin, true),
                };
            }
        }
        let own_key = record.own_key.unwrap_or_default();
        match self.lookup(own_key) {
            // Computed earlier in this build: not cached, but BuildKit runs
            // the identical vertex once for both instructions.
            Some(Found::ThisBuild(first)) => {
                let mut explanation = match parent_missed {
                    Some(origin) => explain::inherited(&ctx, record, origin, false),
                    None => explain::miss(&ctx, record, instruction),
                };
                explain::mention_shared(&ctx, &mut explanation, first);
                Decision {
                    shared: Some(first),
                    status: Status::Miss,
                    explanation,
                }
            }
            Some(found) => {
                let uncertain = own_uncertain.map(|u| (u, true)).or(cursor
                    .uncertain
                    .filter(|_| !record.link)
                    .map(|u| (u, false)));
                match uncertain {
                    Some((origin, own)) => Decision {
                        shared: None,
                        status: Status::ContentDependent,
                        explanation: if own {
                            explain::content_dependent(
                                &ctx,
                                record,
                                origin,
                                uncertain_reason.unwrap_or(Reason::Upstream),
                            )
                        } else {
                            explain::inherited_uncertainty(&ctx, record, origin)
                        },
                    },
                    None => Decision {
                        shared: None,
                        status: Status::Hit,
                        explanation: explain::hit(
                            &ctx,
                            record,
                            found,
                            cursor.missed.filter(|_| record.link),
                            declared_same,
                        ),
                    },
                }
            }
            None => match parent_missed {
                Some(origin) => Decision {
                    shared: None,
                    status: Status::Miss,
                    explanation: explain::inherited(&ctx, record, origin, false),
                },
                None => Decision {
                    shared: None,
                    status: Status::Miss,
                    explanation: explain::miss(&ctx, record, instruction),
                },
            },
        }
    }

    /// Meta and skipped rows: nothing is looked up.
    fn decide_passive(&self, record: &mut Record) {
        let Some(reference) = self.reference else {
            return;
        };
        let ctx = explain::Context {
            after: self.build,
            before: reference.before,
            after_walk_records: &self.records,
            before_walk: reference.walk,
            alignment: reference.alignment,
            store: reference.store,
        };
        let (status, explanation) = if !record.built {
            (Status::Skipped, explain::skipped(&ctx, record))
        } else {
            (Status::Meta, explain::meta(&ctx, record))
        };
        record.decision = Some(Decision {
            status,
            explanation,
            shared: None,
        });
    }

    /// What `COPY --from=<stage>` (or a mount from it) reads at `selectors`:
    /// a token over the contributions of every step of the stage (and the
    /// stages it builds on) that writes there.
    pub(crate) fn upstream(&self, stage: usize, reference: &str, selectors: &[String]) -> Upstream {
        // Bases are always earlier stages, so the chain ends; the length
        // check only guards against a malformed model.
        let mut chain = vec![stage];
        let mut current = stage;
        while let Some(base) = self.stages.get(current).and_then(|s| s.base_stage) {
            if base >= current || chain.len() > self.stages.len() {
                break;
            }
            chain.push(base);
            current = base;
        }
        chain.reverse();
        let writers: Vec<&Writer> = chain
            .iter()
            .filter_map(|&s| self.stages.get(s))
            .flat_map(|s| s.writers.iter())
            .collect();
        let mut marks = Vec::new();
        for selector in selectors {
            for writer in &writers {
                let contribution = match &writer.area {
                    Area::Anywhere => Some(writer.contribution),
                    Area::Paths(paths) => paths
                        .iter()
                        .any(|p| within(p, selector) || within(selector, p))
                        .then_some(writer.contribution),
                    Area::Files(view, meta) => view.digest_under(selector, meta),
                };
                if let Some(contribution) = contribution {
                    marks.push(WriterMark {
                        instruction: writer.instruction,
                        selector: selector.clone(),
                        contribution,
                        certain: writer.certain,
                    });
                }
            }
        }
        let uncertain = marks.iter().find(|m| !m.certain).map(|m| m.instruction);
        Upstream {
            stage: Some(stage),
            reference: reference.to_string(),
            selectors: selectors.to_vec(),
            writers: marks,
            uncertain,
        }
    }

    /// The key of a stage's final state, for `--mount=type=cache,from=`.
    pub(crate) fn stage_key(&self, stage: usize) -> Option<Key> {
        self.stages.get(stage).map(|s| s.cursor.key)
    }
}

/// The record of an instruction (records are in instruction order).
pub(crate) fn find_record(records: &[Record], instruction: usize) -> Option<&Record> {
    records
        .binary_search_by_key(&instruction, |r| r.instruction)
        .ok()
        .map(|i| &records[i])
}

/// The token an [`Upstream`] puts into a key.
pub(crate) fn upstream_token(upstream: &Upstream, image: Option<&str>) -> Key {
    let mut encoder = Encoder::new("upstream");
    if let Some(image) = image {
        encoder.str(image);
    }
    for selector in &upstream.selectors {
        encoder.str(selector);
    }
    for mark in &upstream.writers {
        encoder.str(&mark.selector).key(mark.contribution);
    }
    encoder.finish()
}

/// An upstream component for a key.
pub(crate) fn upstream_component(
    label: String,
    upstream: Upstream,
    image: Option<&str>,
) -> Component {
    let token = upstream_token(&upstream, image);
    Component::new(Code::Upstream, label, token.hex()).with(Side::Upstream(Rc::new(upstream)))
}

fn encode_components(mut encoder: Encoder, components: &[Component]) -> Encoder {
    encoder.u64(components.len() as u64);
    for component in components {
        encoder.str(component.label.as_ref()).str(&component.value);
    }
    encoder
}
