// The playground: wires the project (files + settings), the editor, the
// Rust core and the panels. Everything re-renders from the project after
// each change; the analysis runs on every keystroke (it takes a few
// milliseconds for a 300-line Dockerfile, so it stays on the main thread).
//
// User text only ever reaches the page as text (textContent, attribute
// values), never as HTML.

import * as core from "./core.js";
import { announce, fill, h, plural } from "./dom.js";
import { Editor } from "./editor.js";
import { Project, fileKind } from "./project.js";
import { ContextTree } from "./context-tree.js";
import { BuildSettings } from "./settings.js";
import { ProblemsPanel } from "./problems.js";
import { LayersPanel } from "./layers.js";
import { SizePanel } from "./sizepanel.js";
import { composeGraph, stageGraph } from "./graphs.js";
import { evaluate, renderChecklist } from "./hardening.js";
import { renderRule } from "./rule-panel.js";
import { previewFix } from "./fixes.js";
import { Tabs } from "./tabs.js";
import { Theme } from "./theme.js";
import { decodeFragment, encodeFragment } from "./share.js";
import { exampleSnapshot, starter } from "./examples/index.js";
import { setupActions } from "./actions.js";
import { safeHref } from "./markdown.js";

const $ = (id) => document.getElementById(id);
const embed = new URLSearchParams(location.search).get("embed") === "1";
document.body.classList.toggle("embed", embed);

const project = new Project();
const dialog = $("dialog");

// ---------------------------------------------------------------- state

/** The last analysis: report, time, and what the panels derive from it. */
const last = { report: null, ms: 0, updateMs: 0, rebuild: null, size: null, rebuildError: null, sizeError: null };
/** Builds committed with "Build": `{ label, time, input }`; the baseline is what edits are compared with. */
const builds = { history: [], baseline: null };

// ---------------------------------------------------------------- editor

const editor = new Editor($("editor"), {
  onEdit: (path, text) => project.setText(path, text),
  onHoverLine: (path, line) => {
    if (path === project.activeDockerfile()) layersPanel.highlightLine(line);
  },
  renderDiagnostic: (d, path) => diagnosticTooltip(d, path),
  onQuickFix: (path, offset) => quickFixAt(path, offset),
  onBuild: () => commitBuild(),
});

function openFile(path, { focus = false } = {}) {
  const entry = project.get(path);
  if (!entry) return;
  const noContent = $("no-content");
  if (entry.text === undefined) {
    editor.path = null;
    $("editor").hidden = true;
    noContent.hidden = false;
    fill(noContent, 
      h("p", null, h("strong", null, path), ` has no content in the playground: ${entry.size.toLocaleString("en")} bytes, hash ${entry.hash.slice(0, 16)}…`),
      h("p", { class: "muted" }, "The analyses use its name, size, mode and hash. Use Set size or Touch in the build context to change it."),
    );
    openPath = path;
  } else {
    $("editor").hidden = false;
    noContent.hidden = true;
    editor.open(path, entry.text);
    openPath = path;
    if (focus) editor.focus();
  }
  renderFileTabs();
  tree.render();
}
let openPath = null;

/** The tabs above the editor: the files the analyses read, plus the open one. */
function renderFileTabs() {
  const pinned = project.paths().filter((p) => fileKind(p) !== "other");
  const paths = openPath && !pinned.includes(openPath) ? [...pinned, openPath] : pinned;
  const tablist = $("file-tabs");
  fill(tablist, 
    ...paths.map((path) =>
      h(
        "button",
        {
          type: "button",
          role: "tab",
          class: "file-tab",
          "aria-selected": String(path === openPath),
          "aria-controls": "editor",
          tabindex: path === openPath ? "0" : "-1",
          dataset: { path, kind: fileKind(path) },
          onClick: () => openFile(path),
        },
        path,
        problemsIn(path) ? h("span", { class: "tab-count", "aria-label": `${problemsIn(path)} problems` }, String(problemsIn(path))) : null,
      ),
    ),
  );
}

function problemsIn(path) {
  return last.report?.diagnostics.filter((d) => d.file === path).length ?? 0;
}

$("file-tabs").addEventListener("keydown", (event) => {
  const tabs = [...$("file-tabs").querySelectorAll('[role="tab"]')];
  const index = tabs.indexOf(document.activeElement);
  if (index < 0) return;
  const step = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 }[event.key];
  if (!step) return;
  event.preventDefault();
  const next = tabs[(index + step + tabs.length) % tabs.length];
  openFile(next.dataset.path);
  $("file-tabs").querySelector(`[data-path="${CSS.escape(next.dataset.path)}"]`)?.focus();
});

// ---------------------------------------------------------------- panels

const problemsPanel = new ProblemsPanel($("panel-problems"), {
  reveal: (d) => reveal(d),
  previewFix: (d, fix) => runFix(d, fix),
  explain: (code) => showRule(code),
});

const layersPanel = new LayersPanel($("panel-layers"), {
  selectLine: (from, to) => {
    const path = project.activeDockerfile();
    if (!path) return;
    if (openPath !== path) openFile(path);
    editor.selectLines(from, to);
    editor.focus();
  },
  hoverLine: (from, to) => {
    if (openPath === project.activeDockerfile()) editor.highlightLines(from === null ? null : { from, to });
  },
  build: () => commitBuild(),
  checkout: () => {
    if (!builds.baseline?.snapshot) return;
    loadSnapshot(builds.baseline.snapshot, { asBaseline: false });
    announce(`The files are back as they were at ${builds.baseline.label}.`);
  },
  restore: (index) => {
    builds.baseline = builds.history[index] ?? builds.baseline;
    refreshSimulations();
  },
});

const sizePanel = new SizePanel($("panel-size"));

const panelTabs = new Tabs($("panel-tabs"), {
  onSelect: (panel) => {
    document.body.dataset.panel = panel;
    renderVisiblePanel();
  },
});

const tree = new ContextTree($("context-tree"), project, dialog, {
  open: (path) => openFile(path),
  load: (snapshot) => loadSnapshot(snapshot),
  openPath: () => openPath,
});
tree.acceptDrops(document.body);

const settings = new BuildSettings($("build-settings"), project, dialog);

const theme = new Theme($("theme-button"), (dark) => editor.setDark(dark));

// ---------------------------------------------------------------- analysis

/**
 * One analysis at a time, always of the latest project: while one runs in
 * the worker, edits only mark the project as wanted again; a result for an
 * older revision is dropped (its ranges would point at old text).
 */
const analysis = { running: false, wanted: false };

function scheduleAnalysis() {
  analysis.wanted = true;
  if (!analysis.running && core.isReady()) runAnalyses();
}

function today() {
  return new Date().toISOString().slice(0, 10);
}

async function runAnalyses() {
  analysis.running = true;
  try {
    while (analysis.wanted) {
      analysis.wanted = false;
      const revision = project.revision;
      let result;
      try {
        result = await core.analyze(project.analyzeInput(today()));
      } catch (error) {
        problemsPanel.failed(`The analysis failed: ${error.message ?? error}`);
        console.warn(error);
        continue;
      }
      if (project.revision === revision) applyReport(result.report, result.ms);
    }
  } finally {
    analysis.running = false;
  }
}

/** Show a report everywhere; `last.updateMs` is the main thread's share of a keystroke. */
function applyReport(report, ms) {
  const started = performance.now();
  last.report = report;
  last.ms = ms;
  const byFile = new Map();
  for (const d of report.diagnostics) {
    if (!byFile.has(d.file)) byFile.set(d.file, []);
    byFile.get(d.file).push(d);
  }
  editor.setReportDiagnostics(byFile);
  problemsPanel.render(report.diagnostics, ms);
  $("status-line").textContent = `Analysed ${plural(Object.keys(project.analysisFiles()).length, "file")} in ${ms.toFixed(1)} ms (in a worker).`;
  renderFileTabs();
  const dockerfile = activeDockerfileReport();
  settings.setStages(dockerfile?.stages ?? []);
  renderVisiblePanel();
  last.updateMs = performance.now() - started;
  document.body.dataset.analysed = String(project.revision);
}

/** Only the panel on screen follows every keystroke; the others render when shown. */
function renderVisiblePanel() {
  if (!core.isReady() || !last.report) return;
  const panel = panelTabs.current();
  if (panel === "graphs") renderGraphs();
  else if (panel === "hardening") renderHardening();
  else if (panel === "layers" || panel === "size") refreshSimulations();
}

function activeDockerfileReport() {
  const path = project.activeDockerfile();
  return last.report?.dockerfiles.find((d) => d.file === path) ?? null;
}

function renderGraphs() {
  const panel = $("panel-graphs");
  const dockerfile = activeDockerfileReport();
  const compose = last.report?.compose?.[0] ?? null;
  fill(panel, 
    h("h3", null, "Stages", dockerfile ? h("span", { class: "muted" }, ` of ${dockerfile.file}`) : null),
    dockerfile ? stageGraph(dockerfile) : h("p", { class: "muted" }, "No Dockerfile."),
    h("h3", null, "Services", compose ? h("span", { class: "muted" }, ` of ${compose.file}`) : null),
    compose ? composeGraph(compose) : h("p", { class: "muted" }, "No compose file. Add compose.yaml to the context to see its services."),
  );
}

let ruleTargets = null;
function renderHardening() {
  ruleTargets ??= new Map(core.rules().map((r) => [r.code, r.target]));
  const present = new Set(project.paths().map(fileKind));
  renderChecklist($("panel-hardening"), evaluate(last.report?.diagnostics ?? [], ruleTargets, present), { reveal });
}

/**
 * Re-run the cache simulation and the size estimate when their panels are
 * visible; an answer that a newer request overtook is dropped.
 */
let simulationToken = 0;
async function refreshSimulations() {
  if (!core.isReady()) return;
  const token = ++simulationToken;
  const visible = panelTabs.current();
  const caps = core.capabilities();
  if (visible !== "layers" && visible !== "size") return;
  const current = project.buildInput("now");
  const result = { rebuild: null, rebuildError: null, size: null, sizeError: null };
  const sizing = caps.size && current ? core.size(current) : null;
  const simulating = visible === "layers" && caps.rebuild && current && builds.baseline ? core.rebuild(builds.baseline.input, current) : null;
  try {
    result.size = await sizing;
  } catch (error) {
    result.sizeError = String(error.message ?? error);
  }
  try {
    result.rebuild = await simulating;
  } catch (error) {
    result.rebuildError = String(error.message ?? error);
  }
  if (token !== simulationToken) return;
  Object.assign(last, result);
  if (visible === "layers") {
    layersPanel.render({
      capability: caps.rebuild,
      report: last.rebuild,
      error: last.rebuildError,
      size: last.size,
      history: builds.history,
      baseline: builds.baseline,
    });
  } else {
    sizePanel.render({ capability: caps.size, report: last.size, error: last.sizeError });
  }
}

function commitBuild() {
  const input = project.buildInput(`build #${builds.history.length + 1}`);
  if (!input) return;
  const build = { label: input.label, time: new Date().toLocaleTimeString(), input: structuredClone(input), snapshot: project.snapshot() };
  builds.history.push(build);
  builds.baseline = build;
  announce(`${build.label}: the current state is now the cache every edit is compared with.`);
  refreshSimulations();
}

// ---------------------------------------------------------------- diagnostics UI

function reveal(d) {
  if (!project.get(d.file)) return;
  openFile(d.file);
  editor.select(d.utf16.start, d.utf16.end);
  editor.focus();
}

function showRule(code) {
  renderRule($("panel-rule"), code ? core.explain(code) : null, code, { rules: core.rules(), open: showRule });
  panelTabs.select("rule");
  $("panel-rule").scrollTop = 0;
}

function diagnosticTooltip(d, path) {
  const doc = core.explain(d.code);
  const href = safeHref(doc?.url ?? d.url ?? "");
  return h(
    "div",
    { class: "ll-diag", dataset: { code: d.code } },
    h("span", { class: "ll-diag-message" }, d.message),
    h("span", { class: "ll-diag-rule" }, h("span", { class: "ll-diag-code" }, d.code), doc ? ` — ${doc.summary}` : ""),
    h(
      "span",
      { class: "ll-diag-actions" },
      h("button", { type: "button", "data-action": "explain", onClick: () => showRule(d.code) }, "Explain"),
      href ? h("a", { href, target: "_blank", rel: "noopener noreferrer" }, "Docs ↗") : null,
      d.fixes.map((fix) =>
        h("button", { type: "button", "data-action": "fix", onClick: () => runFix({ ...d, file: path }, fix) }, `Fix: ${fix.title}…`),
      ),
    ),
  );
}

async function runFix(d, fix) {
  if (openPath !== d.file) openFile(d.file);
  if (openPath !== d.file) return;
  const before = editor.text();
  const apply = await previewFix({ dialog, file: d.file, code: d.code, fix, before });
  if (!apply) {
    editor.focus();
    return;
  }
  const token = editor.applyChanges(fix.edits.map((e) => ({ from: e.utf16.start, to: e.utf16.end, insert: e.newText })));
  editor.focus();
  announce(`Applied: ${fix.title}.`, {
    action: {
      label: "Undo",
      run: () => {
        if (openPath !== token.path) openFile(token.path);
        if (!editor.undoChange(token)) announce("The file changed since the fix; use Ctrl+Z in the editor.");
        else announce(`Undone: ${fix.title}.`);
      },
    },
  });
}

function quickFixAt(path, offset) {
  const candidates = (last.report?.diagnostics ?? []).filter(
    (d) => d.file === path && d.fixes.length && d.utf16.start <= offset && offset <= d.utf16.end,
  );
  const line = editor.view.state.doc.lineAt(offset);
  const onLine = candidates.length
    ? candidates
    : (last.report?.diagnostics ?? []).filter((d) => d.file === path && d.fixes.length && d.line === line.number);
  if (onLine.length) runFix(onLine[0], onLine[0].fixes[0]);
  else announce("No quick fix at the cursor.");
}

// ---------------------------------------------------------------- project changes

project.subscribe((change) => {
  if (change.kind === "load") {
    editor.forgetAll();
    openPath = null;
  }
  if (change.kind === "rename" || change.kind === "remove") {
    editor.forget(change.from ?? change.path);
    for (const path of [...editor.states.keys()]) if (!project.get(path)) editor.forget(path);
  }
  let moved = null;
  if (change.kind === "rename" && openPath && (openPath === change.from || openPath.startsWith(`${change.from}/`))) {
    moved = change.path + openPath.slice(change.from.length);
  }
  if (openPath && !project.get(openPath)) openPath = null;
  if (moved) {
    openFile(moved);
  } else if (!openPath || change.kind === "load") {
    const first = project.activeDockerfile() ?? project.paths().find((p) => fileKind(p) !== "other") ?? project.paths()[0];
    if (first) openFile(first);
    else {
      renderFileTabs();
      tree.render();
    }
  } else if (change.kind !== "edit" || change.path !== editor.path) {
    // Content changes from outside the editor (Set size, a fix elsewhere) show at once.
    const entry = project.get(openPath);
    if (entry?.text !== undefined && entry.text !== editor.text() && editor.path === openPath) editor.open(openPath, entry.text);
    if (change.kind === "edit" && change.path === openPath && entry?.text === undefined) openFile(openPath);
    tree.render();
    renderFileTabs();
  } else {
    // Typing: the tree's sizes catch up a moment later, not on every key.
    clearTimeout(treeTimer);
    treeTimer = setTimeout(() => tree.render(), 400);
  }
  // The Dockerfile choice lists the project's Dockerfiles: files coming and going change it.
  if (["settings", "load", "add", "remove", "rename"].includes(change.kind)) settings.render();
  scheduleAnalysis();
  if (embed) scheduleEmbedLink();
});

/** In the embed, "Open in playground" carries the current state (refreshed after a pause in typing). */
let embedTimer = 0;
function scheduleEmbedLink() {
  clearTimeout(embedTimer);
  embedTimer = setTimeout(async () => {
    $("open-full").href = `./#${await encodeFragment(project.snapshot())}`;
  }, 800);
}

let treeTimer = 0;

function loadSnapshot(snapshot, { asBaseline = true } = {}) {
  project.load(snapshot);
  if (asBaseline) {
    builds.history = [];
    builds.baseline = null;
    const input = project.buildInput("build #1");
    if (input) {
      builds.baseline = { label: input.label, time: new Date().toLocaleTimeString(), input: structuredClone(input), snapshot: project.snapshot() };
      builds.history.push(builds.baseline);
    }
  }
}

// ---------------------------------------------------------------- header actions

const { showShortcuts } = setupActions({ project, dialog, tree, loadSnapshot });

document.addEventListener("keydown", (event) => {
  if (event.defaultPrevented) return;
  const mod = event.ctrlKey || event.metaKey;
  const typing = event.target.closest?.("input, textarea, select, [contenteditable]") || event.composedPath?.().some((n) => n.classList?.contains?.("cm-content"));
  if (mod && event.key === "Enter") {
    event.preventDefault();
    commitBuild();
  } else if (event.altKey && !mod && /^Digit[1-6]$/.test(event.code)) {
    event.preventDefault();
    const panels = ["problems", "layers", "size", "graphs", "hardening", "rule"];
    panelTabs.select(panels[Number(event.code.slice(5)) - 1], { focus: true });
  } else if (event.key === "?" && !typing && !dialog.open) {
    event.preventDefault();
    showShortcuts();
  }
});

// ---------------------------------------------------------------- start

/** For tests and the console: read-only views of the state. */
globalThis.layerlabPlayground = Object.freeze({
  snapshot: () => project.snapshot(),
  editorText: () => editor.text(),
  /** The last analysis alone, and the whole update (analysis plus every panel), in ms. */
  lastAnalysisMs: () => last.ms,
  lastUpdateMs: () => last.updateMs,
  /** Time `analyze` on a Dockerfile text in the worker: min, median, p95, max of `runs` calls, in ms. */
  measure: (text, runs = 30) => core.measure(text, runs, today()),
});

async function initialSnapshot() {
  try {
    const shared = await decodeFragment(location.hash);
    if (shared) return shared;
  } catch (error) {
    announce(`This link could not be opened (${error.message ?? error}); showing the starter example.`);
  }
  return exampleSnapshot(starter);
}

async function main() {
  if (embed) {
    $("open-full").hidden = false;
    $("open-full").href = `./${location.hash}`;
  }
  panelTabs.select("problems");
  renderRule($("panel-rule"), null, null);
  loadSnapshot(await initialSnapshot());
  try {
    await core.loadCore();
  } catch (error) {
    problemsPanel.failed(`Could not load the analyser: ${error}`);
    throw error;
  }
  $("version").textContent = `core ${core.version()}`;
  renderRule($("panel-rule"), null, null, { rules: core.rules(), open: showRule });
  analysis.wanted = true;
  await runAnalyses();
  document.body.dataset.ready = "true";
}

window.addEventListener("hashchange", async () => {
  try {
    const shared = await decodeFragment(location.hash);
    if (shared) loadSnapshot(shared);
  } catch (error) {
    announce(`This link could not be opened: ${error.message ?? error}`);
  }
});

main().catch((error) => console.error(error));
