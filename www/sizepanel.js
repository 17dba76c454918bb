// The Size panel: the final image by layer and by stage, wasted space, pull
// size, and "what if another base", as SVG bar charts. Every figure is an
// estimate with a range; the assumptions behind it are listed.

import { fill, h, humanBytes, svg } from "./dom.js";

/** A byte figure that may come as a number or as `{ bytes, low, high }`. */
function bytesOf(value) {
  if (value === null || value === undefined) return null;
  if (typeof value === "number") return value;
  if (typeof value === "object" && typeof value.bytes === "number") return value.bytes;
  return null;
}

function rangeText(value) {
  const bytes = bytesOf(value);
  if (bytes === null) return "unknown";
  if (typeof value === "object" && value.low !== undefined && value.high !== value.low) {
    return `${humanBytes(bytes)} (${humanBytes(value.low)}–${value.high === null || value.high === undefined ? "?" : humanBytes(value.high)})`;
  }
  return humanBytes(bytes);
}

/** A horizontal bar chart: `rows = [{ label, bytes, title?, className? }]`. */
export function barChart(rows, { label, testId } = {}) {
  const max = Math.max(1, ...rows.map((r) => r.bytes ?? 0));
  const rowHeight = 22;
  const labelWidth = 210;
  const width = 560;
  const chart = svg("svg", {
    class: "chart",
    viewBox: `0 0 ${width} ${rows.length * rowHeight + 4}`,
    role: "img",
    "aria-label": label,
    "data-testid": testId,
  });
  chart.append(svg("title", null, label));
  rows.forEach((row, index) => {
    const y = index * rowHeight + 2;
    const barWidth = Math.max(1, ((width - labelWidth - 90) * (row.bytes ?? 0)) / max);
    const group = svg("g", { class: `chart-row ${row.className ?? ""}` });
    group.append(
      svg("title", null, row.title ?? `${row.label}: ${humanBytes(row.bytes)}`),
      svg("text", { x: 0, y: y + 15, class: "chart-label" }, truncate(row.label, 32)),
      svg("rect", { x: labelWidth, y: y + 3, width: barWidth.toFixed(1), height: rowHeight - 8, rx: 3, class: "chart-bar" }),
      svg("text", { x: labelWidth + barWidth + 6, y: y + 15, class: "chart-value" }, humanBytes(row.bytes)),
    );
    chart.append(group);
  });
  return chart;
}

function truncate(text, length) {
  const s = String(text ?? "");
  return s.length > length ? `${s.slice(0, length - 1)}…` : s;
}

export class SizePanel {
  constructor(root) {
    this.root = root;
  }

  /** state: `{ capability, report, error }`. */
  render({ capability, report, error }) {
    if (!capability) {
      fill(this.root, 
        h(
          "div",
          { class: "unavailable", "data-testid": "size-unavailable", role: "note" },
          h("strong", null, "The size estimator is not available in this build."),
          h("p", null, "This panel fills in once the core exports size(): image and pull size per layer and stage, wasted space, and other bases compared."),
        ),
      );
      this.root.dataset.state = "unavailable";
      return;
    }
    if (error) {
      fill(this.root, h("p", { class: "error-text", role: "alert" }, `The size estimate failed: ${error}`));
      this.root.dataset.state = "failed";
      return;
    }
    if (!report) {
      fill(this.root, h("p", { class: "muted" }, "No Dockerfile to estimate."));
      this.root.dataset.state = "empty";
      return;
    }
    const base = report.base ?? {};
    const baseBytes = bytesOf(base.uncompressed ?? base.bytes);
    // The image holds the layers of the stages that ship (the target's chain).
    const layers = (report.layers ?? []).filter((layer) => layer.ships !== false).map((layer) => {
      const text = layer.text ?? layer.instruction ?? "";
      return {
        className: layer.kind === "base" ? "base" : "",
        label: `${layer.line ? `${layer.line}: ` : ""}${text}`,
        bytes: bytesOf(layer.bytes) ?? 0,
        title: `${text}: ${rangeText({ bytes: bytesOf(layer.bytes), low: layer.low, high: layer.high })}${layer.basis ? ` — ${layer.basis}` : ""}`,
      };
    });
    // The report may list the base as a layer of its own (kind "base"); else it is added here.
    const hasBaseLayer = (report.layers ?? []).some((layer) => layer.kind === "base");
    const layerRows = baseBytes !== null && !hasBaseLayer
      ? [{ label: `base ${base.reference ?? ""}`, bytes: baseBytes, className: "base", title: base.matched ?? base.reference }, ...layers]
      : layers;
    const stages = (report.stages ?? [])
      .filter((stage) => stage.built !== false)
      .map((stage) => ({
        label: stage.name ?? stage.label ?? `stage ${stage.index ?? ""}`,
        bytes: bytesOf(stage.image ?? stage.bytes ?? stage.imageBytes) ?? 0,
        className: stage.final || stage.isTarget ? "final" : "",
        title: stage.ships === false ? "built, not shipped: only what is copied from it reaches the image" : undefined,
      }));
    const imageBytes = bytesOf(report.imageBytes);
    const alternatives = (report.alternatives ?? []).map((alt) => ({
      label: `${alt.reference ?? alt.base ?? alt.entry ?? "?"}${alt.worksAsIs === false ? " *" : ""}`,
      bytes: bytesOf(alt.imageBytes ?? alt.bytes) ?? 0,
      title: (alt.caveatText ?? []).join(" ") || alt.note || "",
    }));
    const efficiency = typeof report.efficiency === "number" ? `${(report.efficiency * (report.efficiency <= 1 ? 100 : 1)).toFixed(0)} %` : "?";
    fill(this.root, 
      h(
        "dl",
        { class: "figures", "data-testid": "size-figures" },
        figure("Image size", rangeText(report.imageBytes), "image"),
        figure("Pull size", rangeText(report.pullBytes), "pull"),
        figure("Wasted", rangeText(report.wastedBytes), "wasted"),
        figure("Efficiency", efficiency, "efficiency"),
      ),
      h("h3", null, "By layer"),
      barChart(layerRows, { label: "Image size by layer", testId: "size-layers-chart" }),
      stages.length > 1 ? [h("h3", null, "By stage"), barChart(stages, { label: "Size by stage", testId: "size-stages-chart" })] : null,
      alternatives.length
        ? [
            h("h3", null, "What if another base"),
            alternatives.some((a) => a.label.endsWith(" *"))
              ? h("p", { class: "muted small" }, "* needs changes to the Dockerfile (hover a bar for why).")
              : null,
            barChart(
              [{ label: `now: ${base.reference ?? "current base"}`, bytes: imageBytes ?? 0, className: "current" }, ...alternatives],
              { label: "Image size with other bases", testId: "size-alternatives-chart" },
            ),
          ]
        : null,
      (report.assumptions ?? []).length
        ? [h("h3", null, "Assumptions"), h("ul", { class: "assumptions" }, report.assumptions.map((a) => h("li", null, String(a))))]
        : null,
    );
    this.root.dataset.state = "ready";
  }
}

function figure(term, value, key) {
  return h("div", { class: "figure", dataset: { figure: key } }, h("dt", null, term), h("dd", null, value));
}
