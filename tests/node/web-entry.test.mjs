// The browser/bundler entry (pkg/index.js), run in Node: it must refuse to
// work before init, and init must accept bytes, a Response or a Module.
// Each test file runs in its own process, so the module starts unloaded.

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import * as layerlab from "../../pkg/index.js";
import { WASM, crateVersion } from "./helpers.mjs";

test("calls before init fail with a clear message", () => {
  assert.throws(() => layerlab.version(), /call `await init\(\)`/);
  assert.throws(() => layerlab.analyze({ files: {} }), /not loaded yet/);
  assert.throws(() => layerlab.initSync(), TypeError);
});

test("init({ module_or_path }) accepts a Response and is idempotent", async () => {
  const response = new Response(readFileSync(WASM), {
    headers: { "content-type": "application/wasm" },
  });
  await layerlab.init({ module_or_path: response });
  await layerlab.init({ module_or_path: response }); // second call: no-op
  await layerlab.init(); // also a no-op once loaded (no fetch of the default URL)
  assert.equal(layerlab.version(), crateVersion());
  const report = layerlab.analyze({ files: { Dockerfile: "FORM x\n" } });
  assert.ok(report.diagnostics.some((d) => d.code === "DL1000"), JSON.stringify(report));
  assert.equal(layerlab.default, layerlab.init);
});
