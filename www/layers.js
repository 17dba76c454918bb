// The Layers panel: one table per stage with each instruction's cache status
// after the last edit (against the last "build"), the reason in words, the
// estimated layer size as a bar, the cumulative size and the estimated
// rebuild time. A history of builds lets you step back to any of them.

import { fill, h, humanBytes, humanSeconds, keepFocus, plural } from "./dom.js";

export const STATUS_LABEL = {
  hit: "hit",
  miss: "miss",
  meta: "meta",
  skipped: "skipped",
  "content-dependent": "depends",
};

const STATUS_HELP = {
  hit: "Cached: nothing runs.",
  miss: "Runs again.",
  meta: "Not a cache step: changes only build state or image config.",
  skipped: "The target does not need this stage.",
  "content-dependent": "Cached only if bytes a static tool cannot know come out the same.",
};

/** Bytes of a step: the size estimator's layer at that line, else the simulator's estimate. */
function stepBytes(step, sizeByLine) {
  const sized = sizeByLine.get(step.line);
  if (sized) return { bytes: sized.bytes ?? 0, low: sized.low, high: sized.high, basis: sized.basis };
  const e = step.estimate;
  if (!e) return null;
  const low = e.layerBytesLow ?? 0;
  const high = e.layerBytesHigh ?? low;
  return { bytes: Math.round((low + high) / 2), low, high, basis: e.basis };
}

function timeText(step) {
  const e = step.estimate;
  if (!e || step.status === "hit" || step.status === "skipped" || step.status === "meta") return "—";
  if (e.highSeconds === undefined) return "?";
  return e.lowSeconds === e.highSeconds
    ? humanSeconds(e.lowSeconds)
    : `${humanSeconds(e.lowSeconds)}–${humanSeconds(e.highSeconds)}`;
}

export class LayersPanel {
  /**
   * hooks: `selectLine(line)`, `hoverLine(line|null)`, `build()`,
   * `restore(index)` (compare with that build), `checkout()` (its files back).
   */
  constructor(root, hooks) {
    this.root = root;
    this.hooks = hooks;
    this.rowsByLine = new Map();
  }

  /**
   * state: `{ capability, report, size, history: [{label, time, summary}], baseline, error }`.
   */
  render(state) {
    keepFocus(this.root, () => this.draw(state));
  }

  draw(state) {
    this.rowsByLine = new Map();
    const { capability, report } = state;
    const toolbar = h(
      "div",
      { class: "panel-toolbar" },
      h(
        "button",
        {
          type: "button",
          class: "primary",
          "data-testid": "build-button",
          "aria-keyshortcuts": "Control+Enter",
          title: "Take the current state as the cache (Ctrl+Enter)",
          disabled: !capability,
          onClick: () => this.hooks.build(),
        },
        "Build",
      ),
      this.history(state),
    );
    if (!capability) {
      fill(this.root, 
        toolbar,
        h(
          "div",
          { class: "unavailable", "data-testid": "layers-unavailable", role: "note" },
          h("strong", null, "The layer cache simulator is not available in this build."),
          h(
            "p",
            null,
            "This page was built from a core without the rebuild simulation. The stage graph, problems and hardening views work; this panel fills in once the core exports rebuild().",
          ),
        ),
      );
      this.root.dataset.state = "unavailable";
      return;
    }
    if (state.error) {
      fill(this.root, toolbar, h("p", { class: "error-text", role: "alert" }, `The simulation failed: ${state.error}`));
      this.root.dataset.state = "failed";
      return;
    }
    if (!report) {
      fill(this.root, toolbar, h("p", { class: "muted" }, "No Dockerfile to simulate."));
      this.root.dataset.state = "empty";
      return;
    }
    const sizeByLine = new Map((state.size?.layers ?? []).map((layer) => [layer.line, layer]));
    const stages = [];
    for (const step of report.steps) {
      let stage = stages.at(-1);
      if (!stage || stage.label !== step.stage) {
        stage = { label: step.stage, steps: [] };
        stages.push(stage);
      }
      stage.steps.push(step);
    }
    const maxBytes = Math.max(
      1,
      ...report.steps.map((s) => stepBytes(s, sizeByLine)?.bytes ?? 0),
    );
    fill(this.root, 
      toolbar,
      this.summary(report, state),
      ...stages.map((stage) => this.table(stage, sizeByLine, maxBytes)),
      h(
        "p",
        { class: "muted small" },
        report.summary?.estimateNote ?? "Sizes and times are estimates from the instructions, not measurements.",
        state.capability === "fixture" ? " (Simulated by a test fixture.)" : "",
      ),
    );
    this.root.dataset.state = "ready";
  }

  summary(report, state) {
    const s = report.summary ?? {};
    const parts = [];
    const rerun = s.rerun ?? report.steps.filter((x) => x.status === "miss").length;
    parts.push(`${plural(rerun, "step")} of ${s.steps ?? report.steps.length} re-run`);
    if (s.contentDependent) parts.push(`${s.contentDependent} content-dependent`);
    if (s.skipped) parts.push(`${s.skipped} skipped`);
    const first = s.firstMiss
      ? h("span", null, ` First miss: line ${s.firstMiss.line}, ${s.firstMiss.detail}`)
      : rerun === 0
        ? h("span", null, " Everything is cached: edit a file to see what would rebuild.")
        : null;
    const cost = s.cost;
    const time =
      cost && rerun > 0
        ? h("span", null, ` Estimated rebuild: ${humanSeconds(cost.lowSeconds)}–${humanSeconds(cost.highSeconds)}.`)
        : null;
    return h(
      "div",
      { class: "layers-summary", "data-testid": "layers-summary", "aria-live": "polite" },
      h("strong", null, `Against ${state.baseline?.label ?? "the last build"}: `),
      `${parts.join(", ")}.`,
      first,
      time,
      s.fails ? h("p", { class: "error-text" }, `The build fails at line ${s.fails.line}: ${s.fails.message}`) : null,
      ...(s.problems ?? []).map((p) => h("p", { class: "muted" }, p)),
    );
  }

  table(stage, sizeByLine, maxBytes) {
    const skipped = stage.steps.every((s) => s.status === "skipped");
    let cumulative = 0;
    const rows = stage.steps.map((step) => {
      const size = stepBytes(step, sizeByLine);
      if (size) cumulative += size.bytes;
      const row = h(
        "tr",
        {
          class: `layer-row status-${step.status}`,
          dataset: { line: String(step.line), end: String(step.endLine ?? step.line), status: step.status, reason: step.reason ?? "" },
          onMouseenter: () => this.hooks.hoverLine(step.line, step.endLine ?? step.line),
          onMouseleave: () => this.hooks.hoverLine(null),
        },
        h(
          "td",
          null,
          h(
            "button",
            {
              type: "button",
              class: "line-button",
              "aria-label": `Go to line ${step.line}`,
              onClick: () => this.hooks.selectLine(step.line, step.endLine ?? step.line),
              // Keyboard users get the same highlight as the pointer.
              onFocus: () => this.hooks.hoverLine(step.line, step.endLine ?? step.line),
              onBlur: () => this.hooks.hoverLine(null),
            },
            String(step.line),
          ),
        ),
        h("td", { class: "instruction" }, h("code", null, step.instruction)),
        h(
          "td",
          null,
          h("span", { class: `badge status-${step.status}`, title: STATUS_HELP[step.status] ?? "" }, STATUS_LABEL[step.status] ?? step.status),
        ),
        h(
          "td",
          { class: "reason" },
          step.reason ? h("span", { class: "reason-code" }, step.reason.toLowerCase().replace(/_/g, " ")) : null,
          step.detail ? h("span", { class: "reason-detail" }, step.detail) : null,
          step.paths?.length ? h("span", { class: "reason-paths" }, step.paths.join(", ")) : null,
          step.error ? h("span", { class: "error-text reason-detail" }, `Fails: ${step.error}`) : null,
        ),
        h(
          "td",
          { class: "size" },
          size
            ? [
                h(
                  "span",
                  { class: "bar", "aria-hidden": "true" },
                  h("span", { class: "bar-fill", dataset: { pct: String(Math.round((100 * size.bytes) / maxBytes)) } }),
                ),
                h("span", { class: "bar-text", title: size.basis ?? "" }, humanBytes(size.bytes)),
              ]
            : "—",
        ),
        h("td", { class: "cumulative" }, size ? humanBytes(cumulative) : "—"),
        h("td", { class: "time" }, timeText(step)),
      );
      this.rowsByLine.set(step.line, row);
      return row;
    });
    const table = h(
      "table",
      { class: `layers-table${skipped ? " skipped" : ""}`, "data-stage": stage.label },
      h("caption", null, `Stage ${stage.label}${skipped ? " (skipped for this target)" : ""}`),
      h(
        "thead",
        null,
        h(
          "tr",
          null,
          ["Line", "Instruction", "Cache", "Why", "Size", "Total", "Time"].map((c) => h("th", { scope: "col" }, c)),
        ),
      ),
      h("tbody", null, rows),
    );
    // Bar widths go through the CSSOM (allowed by the CSP), not style attributes.
    for (const fill of table.querySelectorAll(".bar-fill")) fill.style.width = `${Math.max(2, Number(fill.dataset.pct))}%`;
    return h("div", { class: "table-wrap" }, table);
  }

  history(state) {
    const builds = state.history ?? [];
    if (builds.length === 0) return h("span");
    const select = h(
      "select",
      {
        "aria-label": "Compare with build",
        "data-testid": "build-history",
        onChange: (event) => this.hooks.restore(Number(event.target.value)),
      },
      builds.map((build, index) =>
        h("option", { value: String(index), selected: build === state.baseline }, `${build.label} · ${build.time}`),
      ),
    );
    return h(
      "span",
      { class: "history" },
      h("label", null, "Compare with ", select),
      h(
        "button",
        { type: "button", "data-action": "checkout", title: "Put the files and settings back as they were at that build", onClick: () => this.hooks.checkout() },
        "Restore its files",
      ),
    );
  }

  /** Highlight the row of an editor line (hover in the editor). */
  highlightLine(line) {
    for (const row of this.root.querySelectorAll(".layer-row.hovered")) row.classList.remove("hovered");
    if (line === null) return;
    for (const [start, row] of this.rowsByLine) {
      const end = Number(row.dataset.end ?? start);
      if (line >= start && line <= Math.max(start, end)) row.classList.add("hovered");
    }
  }
}
