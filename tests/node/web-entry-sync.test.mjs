// pkg/index.js loaded synchronously from bytes and from a compiled Module.

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import * as layerlab from "../../pkg/index.js";
import { WASM, crateVersion } from "./helpers.mjs";

test("initSync({ module }) accepts a WebAssembly.Module", () => {
  const module = new WebAssembly.Module(readFileSync(WASM));
  layerlab.initSync({ module });
  layerlab.initSync({ module: readFileSync(WASM) }); // already loaded: no-op
  assert.equal(layerlab.version(), crateVersion());
  assert.equal(layerlab.formatReport(layerlab.analyze({ files: {} }), { format: "json" }), "[]\n");
});
