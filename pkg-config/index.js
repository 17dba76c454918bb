// Layerlab for browsers and bundlers (ES module).
//
//   import { init, analyze } from "layerlab";
//   await init();                                  // fetches wasm/layerlab_bg.wasm next to this file
//   await init({ module_or_path: wasmUrl });        // or your own URL, bytes, Response or Module
//   const report = analyze({ files: { Dockerfile: text } });
//
// The functions below are typed wrappers over the wasm-bindgen glue in
// `wasm/layerlab.js`; the behaviour lives in the Rust core.

import initGlue, {
  initSync as initGlueSync,
  analyze as analyzeGlue,
  formatReport as formatReportGlue,
  version as versionGlue,
  explain as explainGlue,
  rules as rulesGlue,
  rebuild as rebuildGlue,
  size as sizeGlue,
} from "./wasm/layerlab.js";

let ready = false;

function ensureReady() {
  if (!ready) {
    throw new Error(
      "layerlab: the WebAssembly module is not loaded yet; call `await init()` or `initSync({ module })` first",
    );
  }
}

/**
 * Load the WebAssembly module. Safe to call more than once.
 * @param {{ module_or_path?: RequestInfo | URL | Response | BufferSource | WebAssembly.Module | Promise<unknown> }} [options]
 */
export async function init(options = {}) {
  if (ready) return;
  const module_or_path =
    options.module_or_path ?? new URL("./wasm/layerlab_bg.wasm", import.meta.url);
  await initGlue({ module_or_path });
  ready = true;
}

/**
 * Load the WebAssembly module synchronously from bytes or a compiled module.
 * @param {{ module: BufferSource | WebAssembly.Module }} options
 */
export function initSync(options) {
  if (ready) return;
  if (!options || options.module === undefined) {
    throw new TypeError("layerlab: initSync needs { module: bytes or WebAssembly.Module }");
  }
  initGlueSync({ module: options.module });
  ready = true;
}

/** Analyse files: `{ files: { "Dockerfile": text, ... }, options? }` → one report. */
export function analyze(input) {
  ensureReady();
  return analyzeGlue(input);
}

/** Render a report as `tty`, `json`, `sarif` or `checkstyle` text. */
export function formatReport(report, options = {}) {
  ensureReady();
  return formatReportGlue(report, options);
}

/** The version of the Rust core. */
export function version() {
  ensureReady();
  return versionGlue();
}

/** A rule's documentation (Markdown) by code, or `null` for an unknown code. */
export function explain(code) {
  ensureReady();
  return explainGlue(String(code));
}

/** Every rule Layerlab knows: code, name, origin, severity, category, summary, url. */
export function rules() {
  ensureReady();
  return rulesGlue();
}

/** Which steps re-run after an edit, and why: `{ before, after, store?, deterministic? }`. */
export function rebuild(input) {
  ensureReady();
  return rebuildGlue(input);
}

/** Estimate the image size: `{ dockerfile, dockerignore?, context?, files?, buildArgs?, target? }`. */
export function size(input) {
  ensureReady();
  return sizeGlue(input);
}

export default init;
