// The analysis worker: the Rust core (wasm) runs here, off the main thread,
// so typing stays smooth however long an analysis takes. The page talks to
// it only through www/core.js: `{ id, type, payload }` in, `{ id, ok, value
// | error }` out.

import * as layerlab from "../pkg/index.js";
import wasmUrl from "../pkg/wasm/layerlab_bg.wasm?url";

/** An export by name, or null: the cache simulator and the size estimator may be missing. */
const exported = (name) => (typeof layerlab[name] === "function" ? layerlab[name] : null);

const handlers = {
  /** Load the module; answer with what the page needs synchronously (rule docs for hovers). */
  async init() {
    await layerlab.init({ module_or_path: wasmUrl });
    const rules = layerlab.rules();
    return {
      version: layerlab.version(),
      rules,
      docs: rules.map((rule) => layerlab.explain(rule.code)).filter(Boolean),
      rebuild: exported("rebuild") !== null,
      size: exported("size") !== null,
    };
  },

  analyze(input) {
    const started = performance.now();
    const report = layerlab.analyze(input);
    return { report, ms: performance.now() - started };
  },

  rebuild(input) {
    return exported("rebuild")(input);
  },

  size(input) {
    return exported("size")(input);
  },

  /** Time `analyze` on one Dockerfile: min, median, p95 and max of `runs` calls, in ms. */
  measure({ text, runs, today }) {
    const times = [];
    for (let i = 0; i < runs; i++) {
      const started = performance.now();
      layerlab.analyze({ files: { Dockerfile: text }, options: { today } });
      times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    return { min: times[0], median: times[Math.floor(runs / 2)], p95: times[Math.floor(runs * 0.95)], max: times.at(-1) };
  },
};

self.addEventListener("message", async (event) => {
  const { id, type, payload } = event.data ?? {};
  try {
    const handler = handlers[type];
    if (!handler) throw new Error(`unknown request ${type}`);
    self.postMessage({ id, ok: true, value: await handler(payload) });
  } catch (error) {
    self.postMessage({ id, ok: false, error: String(error?.message ?? error) });
  }
});
