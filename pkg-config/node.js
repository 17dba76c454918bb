// Layerlab for Node.js (ES module). Nothing to initialise: the first call
// loads `wasm/layerlab_bg.wasm` from next to this file, synchronously.
//
//   import { analyze, formatReport } from "layerlab";
//   const report = analyze({ files: { Dockerfile: text } });

import { readFileSync } from "node:fs";
import * as core from "./index.js";

const WASM_URL = new URL("./wasm/layerlab_bg.wasm", import.meta.url);
let loaded = false;

function load() {
  if (!loaded) {
    core.initSync({ module: readFileSync(WASM_URL) });
    loaded = true;
  }
}

/** Load the module now (otherwise the first call does). Accepts the same options as the browser entry. */
export async function init(options) {
  if (options?.module_or_path !== undefined) {
    await core.init(options);
    loaded = true;
  } else {
    load();
  }
}

/** Load the module synchronously, from the given bytes or the packaged file. */
export function initSync(options) {
  if (options?.module !== undefined) {
    core.initSync(options);
    loaded = true;
  } else {
    load();
  }
}

export function analyze(input) {
  load();
  return core.analyze(input);
}

export function formatReport(report, options) {
  load();
  return core.formatReport(report, options);
}

export function version() {
  load();
  return core.version();
}

export function explain(code) {
  load();
  return core.explain(code);
}

export function rules() {
  load();
  return core.rules();
}

export default init;

export function rebuild(input) {
  load();
  return core.rebuild(input);
}

export function size(input) {
  load();
  return core.size(input);
}
