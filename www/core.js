// The one place the page talks to the Rust core (pkg/, built from crate/).
//
// `analyze`, `explain`, `rules` and `version` exist in every build. The
// layer cache simulator (`rebuild`) and the size estimator (`size`) arrive
// later: they are looked up on the package at run time, so once pkg/index.js
// exports them the Layers and Size panels use them with no change here.
// Until then `capabilities()` says they are missing and the panels show a
// "not available in this build" state.
//
// Browser tests can stand in for the missing functions by defining
// `globalThis.__layerlabFixtures = { rebuild, size }` before the page's
// scripts run; a real export always wins over a fixture.

import * as layerlab from "../pkg/index.js";
import wasmUrl from "../pkg/wasm/layerlab_bg.wasm?url";

/** The package's exports, read by name so a missing one is `undefined`, not a build error. */
const exported = (name) => (typeof layerlab[name] === "function" ? layerlab[name] : null);

let ready = false;
const explained = new Map();

export async function loadCore() {
  await layerlab.init({ module_or_path: wasmUrl });
  ready = true;
}

export const isReady = () => ready;

export function version() {
  return layerlab.version();
}

export function analyze(input) {
  return layerlab.analyze(input);
}

/** A rule's documentation (memoised), or null. */
export function explain(code) {
  if (!explained.has(code)) {
    let doc = null;
    try {
      doc = layerlab.explain(code);
    } catch {
      doc = null;
    }
    explained.set(code, doc);
  }
  return explained.get(code);
}

let ruleList = null;
export function rules() {
  ruleList ??= layerlab.rules();
  return ruleList;
}

function fixture(name) {
  const fixtures = globalThis.__layerlabFixtures;
  return fixtures && typeof fixtures[name] === "function" ? fixtures[name] : null;
}

/** Where each optional analysis comes from: "core", "fixture", or null when absent. */
export function capabilities() {
  const source = (name) => (exported(name) ? "core" : fixture(name) ? "fixture" : null);
  return { rebuild: source("rebuild"), size: source("size") };
}

/**
 * Simulate the rebuild of `after` against the cache `before` left
 * (`RebuildInput` of crate/src/cache/input.rs). Returns
 * `{ steps: [{stage, line, instruction, status, reason, detail, …}], summary }`,
 * or null when this build has no simulator.
 */
export function rebuild(before, after, store) {
  const run = exported("rebuild") ?? fixture("rebuild");
  if (!run) return null;
  const input = { before, after };
  if (store) input.store = store;
  return run(input);
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
 * Returns `{ imageBytes, pullBytes, base, layers: [{line, text, bytes, low,
 * high, basis, ships}], stages, wastedBytes, efficiency, alternatives,
 * assumptions }` (`SizeReport`), or null when this build has no estimator.
 */
export function size(build) {
  const run = exported("size") ?? fixture("size");
  if (!run) return null;
  return run(sizeInput(build));
}
