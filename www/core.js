// The one place the page talks to the Rust core (pkg/, built from crate/).
//
// The core runs in a Web Worker (www/analysis-worker.js): an analysis of a
// few hundred lines takes longer than a few milliseconds, too long for the
// main thread on every keystroke. Calls are asynchronous; rule
// documentation is fetched once at start, so hovers can show it at once.
//
// `analyze`, `explain`, `rules` and `version` exist in every build. The
// layer cache simulator (`rebuild`) and the size estimator (`size`) are
// looked up on the package by name in the worker: once pkg/index.js exports
// them, the Layers and Size panels use them with no change here. Until then
// `capabilities()` says they are missing and the panels show a "not
// available in this build" state.
//
// Browser tests can stand in for the missing functions by defining
// `globalThis.__layerlabFixtures = { rebuild, size }` before the page's
// scripts run (they run on the main thread); a real export always wins.

let worker = null;
let ready = false;
let nextId = 1;
const pending = new Map();
let info = { version: "", rules: [], rebuild: false, size: false };
const docs = new Map();

function call(type, payload) {
  return new Promise((resolve, reject) => {
    const id = nextId++;
    pending.set(id, { resolve, reject });
    worker.postMessage({ id, type, payload });
  });
}

function failAll(error) {
  for (const { reject } of pending.values()) reject(error);
  pending.clear();
}

export async function loadCore() {
  worker = new Worker(new URL("./analysis-worker.js", import.meta.url), { type: "module", name: "layerlab-core" });
  worker.addEventListener("message", (event) => {
    const { id, ok, value, error } = event.data;
    const request = pending.get(id);
    if (!request) return;
    pending.delete(id);
    if (ok) request.resolve(value);
    else request.reject(new Error(error));
  });
  worker.addEventListener("error", (event) => failAll(new Error(event.message || "the analysis worker failed")));
  info = await call("init");
  for (const doc of info.docs) docs.set(doc.code, doc);
  ready = true;
}

export const isReady = () => ready;

export function version() {
  return info.version;
}

/** Analyse files; resolves to `{ report, ms }` (ms: time spent in the core). */
export function analyze(input) {
  return call("analyze", input);
}

/** A rule's documentation, or null (synchronous: fetched at start). */
export function explain(code) {
  return docs.get(code) ?? null;
}

export function rules() {
  return info.rules;
}

/** Time the core on one Dockerfile text (in the worker). */
export function measure(text, runs, today) {
  return call("measure", { text, runs, today });
}

function fixture(name) {
  const fixtures = globalThis.__layerlabFixtures;
  return fixtures && typeof fixtures[name] === "function" ? fixtures[name] : null;
}

/** Where each optional analysis comes from: "core", "fixture", or null when absent. */
export function capabilities() {
  const source = (name) => (info[name] ? "core" : fixture(name) ? "fixture" : null);
  return { rebuild: source("rebuild"), size: source("size") };
}

/**
 * Simulate the rebuild of `after` against the cache `before` left
 * (`RebuildInput` of crate/src/cache/input.rs). Resolves to
 * `{ steps: [{stage, line, instruction, status, reason, detail, …}], summary }`,
 * or null when this build has no simulator.
 */
export async function rebuild(before, after, store) {
  const input = { before, after };
  if (store) input.store = store;
  if (info.rebuild) return call("rebuild", input);
  const stand_in = fixture("rebuild");
  return stand_in ? stand_in(input) : null;
}

/**
 * The size estimator's input (`SizeInput` of crate/src/size/mod.rs) for a
 * build: the context as a list, small texts apart, and the ignore file the
 * builder would read.
 */
export function sizeInput(build) {
  const context = [];
  const files = {};
  for (const [path, spec] of Object.entries(build.context ?? {})) {
    context.push({ path, kind: "file", hash: spec.hash, size: spec.size, mode: spec.mode });
    if (typeof spec.text === "string") files[path] = spec.text;
  }
  const dockerignore =
    build.builder === "legacy" ? build.dockerignore : build.dockerfileDockerignore ?? build.dockerignore;
  const input = { dockerfile: build.dockerfile, context, files, buildArgs: { ...build.buildArgs } };
  if (dockerignore !== undefined) input.dockerignore = dockerignore;
  if (build.target) input.target = build.target;
  if (build.platform) input.platform = build.platform;
  return input;
}

/**
 * Estimate the image size of a build (`BuildInput`, converted here).
 * Resolves to the `SizeReport` (`{ imageBytes, pullBytes, base, layers:
 * [{line, text, bytes, low, high, basis, ships}], stages, wastedBytes,
 * efficiency, alternatives, assumptions }`), or null without an estimator.
 */
export async function size(build) {
  const input = sizeInput(build);
  if (info.size) return call("size", input);
  const stand_in = fixture("size");
  return stand_in ? stand_in(input) : null;
}
