// The stage graph of a Dockerfile and the service graph of a compose file,
// drawn as SVG with DOM calls (no markup strings). Each graph comes with a
// text list of the same facts, for screen readers and for copy-paste.

import { h, svg } from "./dom.js";

const NODE_W = 176;
const NODE_H = 58;
const COL_GAP = 78;
const ROW_GAP = 22;

function arrowDefs(id) {
  return svg(
    "defs",
    null,
    svg(
      "marker",
      { id, viewBox: "0 0 10 10", refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: "auto-start-reverse" },
      svg("path", { d: "M0,0 L10,5 L0,10 z", class: "arrow-head" }),
    ),
  );
}

function truncate(text, length) {
  const s = String(text ?? "");
  return s.length > length ? `${s.slice(0, length - 1)}…` : s;
}

/** Longest-path layering: a node's column is one more than its deepest dependency's. */
function layer(ids, dependenciesOf) {
  const column = new Map();
  const visiting = new Set();
  const visit = (id, depth = 0) => {
    if (column.has(id)) return column.get(id);
    if (visiting.has(id) || depth > 200) return 0; // a cycle: the core reports it
    visiting.add(id);
    let col = 0;
    for (const dep of dependenciesOf(id)) if (ids.includes(dep)) col = Math.max(col, visit(dep, depth + 1) + 1);
    visiting.delete(id);
    column.set(id, col);
    return col;
  };
  for (const id of ids) visit(id);
  return column;
}

function place(ids, column, top = 0) {
  const rows = new Map();
  const positions = new Map();
  for (const id of ids) {
    const col = column.get(id) ?? 0;
    const row = rows.get(col) ?? 0;
    rows.set(col, row + 1);
    positions.set(id, { x: 10 + col * (NODE_W + COL_GAP), y: top + 10 + row * (NODE_H + ROW_GAP) });
  }
  return positions;
}

function edgePath(from, to) {
  const x1 = from.x + NODE_W;
  const y1 = from.y + NODE_H / 2;
  const x2 = to.x;
  const y2 = to.y + NODE_H / 2;
  if (x2 > x1) {
    const dx = (x2 - x1) / 2;
    return { d: `M${x1},${y1} C${x1 + dx},${y1} ${x2 - dx},${y2} ${x2},${y2}`, mx: (x1 + x2) / 2, my: (y1 + y2) / 2 };
  }
  // Same or earlier column: loop under the nodes.
  const sx = from.x + NODE_W / 2;
  const sy = from.y + NODE_H;
  const tx = to.x + NODE_W / 2;
  const ty = to.y + NODE_H;
  const low = Math.max(sy, ty) + 30;
  return { d: `M${sx},${sy} C${sx},${low} ${tx},${low} ${tx},${ty}`, mx: (sx + tx) / 2, my: low - 6 };
}

function node({ x, y, title, subtitle, detail, className, data }) {
  return svg(
    "g",
    { class: `graph-node ${className ?? ""}`, transform: `translate(${x},${y})`, dataset: data },
    svg("title", null, [title, subtitle, detail].filter(Boolean).join(" — ")),
    svg("rect", { width: NODE_W, height: NODE_H, rx: 8 }),
    svg("text", { x: 10, y: 19, class: "node-title" }, truncate(title, 22)),
    subtitle ? svg("text", { x: 10, y: 35, class: "node-subtitle" }, truncate(subtitle, 27)) : null,
    detail ? svg("text", { x: 10, y: 50, class: "node-detail" }, truncate(detail, 27)) : null,
  );
}

function frame(width, height, label, testId, children) {
  return svg(
    "svg",
    {
      class: "graph",
      viewBox: `0 0 ${Math.max(width, 200)} ${Math.max(height, 80)}`,
      width: Math.max(width, 200),
      height: Math.max(height, 80),
      role: "img",
      "aria-label": label,
      "data-testid": testId,
    },
    svg("title", null, label),
    children,
  );
}

/** The stage graph of one Dockerfile report (`report.dockerfiles[i]`). */
export function stageGraph(dockerfile) {
  const stages = dockerfile?.stages ?? [];
  if (stages.length === 0) return h("p", { class: "muted" }, "No stages.");
  const id = (index) => `s${index}`;
  const label = (stage) => stage.name ?? `stage ${stage.index}`;
  const external = new Map();
  for (const stage of stages) {
    for (const dep of stage.dependencies ?? []) {
      if (dep.stage === null && dep.kind !== "base") external.set(`x:${dep.reference}`, dep.reference);
    }
  }
  const ids = [...external.keys(), ...stages.map((s) => id(s.index))];
  const deps = (nodeId) => {
    const stage = stages.find((s) => id(s.index) === nodeId);
    if (!stage) return [];
    return (stage.dependencies ?? []).map((d) => (d.stage === null ? `x:${d.reference}` : id(d.stage)));
  };
  const positions = place(ids, layer(ids, deps));
  const edges = [];
  const nodes = [];
  for (const [key, reference] of external) {
    nodes.push(node({ ...positions.get(key), title: reference, subtitle: "external image", className: "external" }));
  }
  for (const stage of stages) {
    const status = stage.isTarget ? "target" : stage.needed ? "needed" : "skipped";
    nodes.push(
      node({
        ...positions.get(id(stage.index)),
        title: label(stage),
        subtitle: stage.baseKind === "stage" ? `FROM stage ${stage.base}` : `FROM ${stage.base}`,
        detail: `lines ${stage.line}–${stage.endLine} · ${status}`,
        className: `stage ${status}`,
        data: { stage: label(stage), status, needed: String(stage.needed), target: String(stage.isTarget) },
      }),
    );
    for (const dep of stage.dependencies ?? []) {
      const fromId = dep.stage === null ? `x:${dep.reference}` : id(dep.stage);
      const from = positions.get(fromId);
      if (!from) continue;
      const path = edgePath(from, positions.get(id(stage.index)));
      const kindLabel = dep.kind === "base" ? "FROM" : dep.kind === "copyFrom" ? "COPY --from" : "--mount from";
      edges.push(
        svg(
          "g",
          { class: `graph-edge edge-${dep.kind}${stage.needed ? "" : " skipped"}` },
          svg("title", null, `${label(stage)} line ${dep.line}: ${kindLabel} ${dep.reference}`),
          svg("path", { d: path.d, "marker-end": "url(#stage-arrow)" }),
          svg("text", { x: path.mx, y: path.my - 4, class: "edge-label", "text-anchor": "middle" }, kindLabel),
        ),
      );
    }
  }
  const { width, height } = extent(positions);
  const picture = frame(width, height + 40, `Stage graph of ${dockerfile.file}`, "stage-graph", [
    arrowDefs("stage-arrow"),
    edges,
    nodes,
  ]);
  const facts = h(
    "ul",
    { class: "graph-facts", "data-testid": "stage-facts" },
    stages.map((stage) =>
      h(
        "li",
        { dataset: { stage: label(stage), status: stage.isTarget ? "target" : stage.needed ? "needed" : "skipped" } },
        `${label(stage)} (lines ${stage.line}–${stage.endLine}) from ${stage.base}: `,
        stage.isTarget ? "the target" : stage.needed ? "built, the target needs it" : "skipped, the target does not need it",
        (stage.dependencies ?? []).filter((d) => d.kind !== "base").length
          ? `; reads ${(stage.dependencies ?? []).filter((d) => d.kind !== "base").map((d) => d.reference).join(", ")}`
          : "",
        ".",
      ),
    ),
  );
  return h("div", { class: "graph-wrap" }, h("div", { class: "graph-scroll" }, picture), facts);
}

function extent(positions) {
  let width = 0;
  let height = 0;
  for (const { x, y } of positions.values()) {
    width = Math.max(width, x + NODE_W + 10);
    height = Math.max(height, y + NODE_H + 10);
  }
  return { width, height };
}

/** Entries of a compose list-or-map field as `[name, value]`. */
function entries(value) {
  if (!value) return [];
  if (Array.isArray(value)) return value.map((v) => (typeof v === "string" ? [v, null] : [v?.name ?? String(v), v]));
  if (typeof value === "object") return Object.entries(value);
  return [];
}

/** The compose service graph from the resolved model (`docker compose config` as JSON). */
export function composeGraph(compose) {
  const resolved = compose?.resolved;
  const services = resolved?.services && typeof resolved.services === "object" ? resolved.services : null;
  if (!services) return h("p", { class: "muted" }, "The compose file has no services to draw (or does not resolve).");
  const names = Object.keys(services);
  const dependsOn = (name) => entries(services[name]?.depends_on).map(([dep]) => dep);
  const positions = place(names, layer(names, dependsOn), 70);
  const nodes = [];
  const edges = [];
  const volumeNames = Object.keys(resolved.volumes ?? {});
  const networkNames = Object.keys(resolved.networks ?? {});
  const { width: servicesWidth, height: servicesHeight } = extent(positions);
  const width = Math.max(servicesWidth, (Math.max(volumeNames.length, networkNames.length) + 1) * 150);
  const small = (list, y, kind) =>
    new Map(list.map((name, i) => [name, { x: 10 + i * 150, y, kind }]));
  const volumePositions = small(volumeNames, 8, "volume");
  const networkPositions = small(networkNames, servicesHeight + 40, "network");

  for (const name of names) {
    const service = services[name] ?? {};
    const ports = (service.ports ?? []).map((p) =>
      typeof p === "object" ? `${p.published ?? "?"}→${p.target}${p.protocol && p.protocol !== "tcp" ? `/${p.protocol}` : ""}` : String(p),
    );
    nodes.push(
      node({
        ...positions.get(name),
        title: name,
        subtitle: service.image ?? (service.build ? `build ${service.build.target ? `(${service.build.target})` : ""}` : ""),
        detail: ports.length ? `ports ${ports.join(", ")}` : "no published ports",
        className: "service",
        data: { service: name },
      }),
    );
    for (const [dep, spec] of entries(service.depends_on)) {
      const from = positions.get(name);
      const to = positions.get(dep);
      if (!from || !to) continue;
      const path = edgePath(to, from);
      const condition = spec?.condition ?? "service_started";
      edges.push(
        svg(
          "g",
          { class: `graph-edge edge-depends ${condition}`, dataset: { from: name, to: dep, condition } },
          svg("title", null, `${name} depends on ${dep} (${condition})`),
          svg("path", { d: path.d, "marker-start": "url(#compose-arrow)" }),
          svg("text", { x: path.mx, y: path.my - 4, class: "edge-label", "text-anchor": "middle" }, condition.replace(/^service_/, "")),
        ),
      );
    }
    const center = (p) => ({ x: p.x + NODE_W / 2, y: p.y });
    for (const volume of service.volumes ?? []) {
      const source = typeof volume === "object" ? volume.source : null;
      const target = volumePositions.get(source);
      if (!target) continue;
      const s = center(positions.get(name));
      edges.push(
        svg(
          "g",
          { class: "graph-edge edge-volume" },
          svg("title", null, `${name} mounts volume ${source} at ${volume.target}`),
          svg("line", { x1: s.x, y1: s.y, x2: target.x + 60, y2: target.y + 26 }),
        ),
      );
    }
    for (const [network] of entries(service.networks)) {
      const target = networkPositions.get(network);
      if (!target) continue;
      const p = positions.get(name);
      edges.push(
        svg(
          "g",
          { class: "graph-edge edge-network" },
          svg("title", null, `${name} is on network ${network}`),
          svg("line", { x1: p.x + NODE_W / 2, y1: p.y + NODE_H, x2: target.x + 60, y2: target.y }),
        ),
      );
    }
  }
  const pill = (p, name, kind) =>
    svg(
      "g",
      { class: `graph-pill ${kind}`, transform: `translate(${p.x},${p.y})`, dataset: { [kind]: name } },
      svg("title", null, `${kind} ${name}`),
      svg("rect", { width: 120, height: 26, rx: 13 }),
      svg("text", { x: 60, y: 17, "text-anchor": "middle" }, truncate(`${kind === "volume" ? "volume" : "network"} ${name}`, 19)),
    );
  for (const [name, p] of volumePositions) nodes.push(pill(p, name, "volume"));
  for (const [name, p] of networkPositions) nodes.push(pill(p, name, "network"));
  const height = servicesHeight + (networkNames.length ? 80 : 20);
  const picture = frame(width, height, `Service graph of ${compose.file}`, "compose-graph", [
    arrowDefs("compose-arrow"),
    edges,
    nodes,
  ]);
  const facts = h(
    "ul",
    { class: "graph-facts", "data-testid": "compose-facts" },
    names.map((name) => {
      const service = services[name] ?? {};
      const deps = entries(service.depends_on).map(([dep, spec]) => `${dep} (${spec?.condition ?? "service_started"})`);
      return h(
        "li",
        { dataset: { service: name } },
        `${name}: `,
        deps.length ? `waits for ${deps.join(", ")}` : "no dependencies",
        "; networks ",
        entries(service.networks).map(([n]) => n).join(", ") || "default",
        (service.ports ?? []).length ? `; publishes ${(service.ports ?? []).length} port(s)` : "",
        ".",
      );
    }),
  );
  return h("div", { class: "graph-wrap" }, h("div", { class: "graph-scroll" }, picture), facts);
}
